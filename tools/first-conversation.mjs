// A first conversation with a running gateway through the official `openai` SDK, changing only
// its base URL. Start the gateway with tools/run, then:
//   NODE_EXTRA_CA_CERTS=dev-certs/ca.pem node tools/first-conversation.mjs [model]
// The model picks the core: sim-realtime (built-in simulator, the default), gpt-realtime (OpenAI),
// gemini-2.0-flash-live-001 (Gemini). GATEWAY_URL and GATEWAY_KEY override the defaults that
// tools/run uses (https://localhost:8443/v1, dev:dev-secret).
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { default: OpenAI } = await import(require.resolve('openai'));
const { OpenAIRealtimeWS } = await import(require.resolve('openai/realtime/ws'));

const model = process.argv[2] ?? 'sim-realtime';
const client = new OpenAI({
  apiKey: process.env.GATEWAY_KEY ?? 'dev:dev-secret',
  baseURL: process.env.GATEWAY_URL ?? 'https://localhost:8443/v1',
});
const rt = new OpenAIRealtimeWS({ model }, client);
rt.on('error', (e) => { console.error('error:', e.message); process.exitCode = 1; rt.close(); });
rt.on('response.output_audio_transcript.delta', (e) => process.stdout.write(e.delta));
rt.on('response.output_text.delta', (e) => process.stdout.write(e.delta));
let audioBytes = 0;
rt.on('response.output_audio.delta', (e) => { audioBytes += Buffer.from(e.delta, 'base64').length; });
rt.on('response.done', (e) => {
  const u = e.response.usage ?? {};
  console.log(`\nresponse ${e.response.status}: ${audioBytes} bytes of 24 kHz audio, ` +
              `${u.input_tokens ?? 0} input and ${u.output_tokens ?? 0} output tokens`);
  rt.close();
});
rt.socket.on('open', () => {
  rt.send({ type: 'conversation.item.create',
            item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello, Switchyard!' }] } });
  rt.send({ type: 'response.create' });
});
