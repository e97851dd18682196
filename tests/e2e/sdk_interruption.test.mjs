// Interruption in all four dialect/core pairs: the user speaks again while an answer is being
// played, and the answer is cut. The simulators answer with a long tone streamed in real time
// (5 s in 100 ms chunks every 100 ms), so the second utterance surely lands inside the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Modality } from '@google/genai';
import { startStack, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect, genaiConnect, gem } from './lib/clients.mjs';
import { speech, stream } from './lib/audio.mjs';
import { snapshot, theUpstream } from './lib/upstream.mjs';

const LONG_ANSWER = ['--tone-ms', '5000', '--chunk-ms', '100', '--chunk-interval-ms', '100'];
const FULL_ANSWER_BYTES = 5 * 24000 * 2;

let stack;
before(async () => {
  requireTestCa();
  stack = await startStack({ simArgs: { openai: LONG_ANSWER, gemini: LONG_ANSWER } });
});
after(async () => { if (stack) await stack.stop(); });

const is = (type) => (e) => e.type === type;

for (const [core, model] of [['OpenAI', 'gpt-realtime'], ['Gemini', 'gemini-2.0-flash-live-001']]) {
  const upstream = core.toLowerCase();

  test(`openai SDK → ${core} core: speech during an answer cancels it`, async () => {
    const RATE = 24000;
    const before = await snapshot(stack);
    const s = await openaiConnect({ baseURL: `https://localhost:${stack.gateway.wss}/v1`, apiKey: `${ACCOUNT}:${SECRET}`, model });
    await s.update({
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: RATE },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: { type: 'server_vad', silence_duration_ms: 500, create_response: true, interrupt_response: true },
        },
        output: { format: { type: 'audio/pcm', rate: RATE }, voice: 'alloy' },
      },
    });
    const from = s.log.mark();
    await stream(speech(RATE, { speechMs: 600, silenceMs: 800 }), RATE, (c) => s.appendAudio(c));
    const firstAudio = await s.log.waitFor('first answer audio', is('response.output_audio.delta'), { from });
    const responseId = firstAudio.response_id;
    assert.ok(responseId, 'audio deltas name their response');
    const during = s.log.mark();
    await stream(speech(RATE, { speechMs: 600, silenceMs: 800, seed: 11 }), RATE, (c) => s.appendAudio(c));

    await s.log.waitFor('speech_started during the answer', is('input_audio_buffer.speech_started'), { from: during });
    const done = await s.log.waitFor(`response.done for ${responseId}`,
      (e) => e.type === 'response.done' && e.response.id === responseId, { from });
    assert.equal(done.response.status, 'cancelled', JSON.stringify(done.response.status_details));
    const played = s.log.filter((e) => e.type === 'response.output_audio.delta' && e.response_id === responseId, from)
      .reduce((n, e) => n + Buffer.from(e.delta, 'base64').length, 0);
    assert.ok(played < FULL_ANSWER_BYTES, `the answer was cut: ${played} of ${FULL_ANSWER_BYTES} bytes played`);
    // The second utterance is a turn of its own: it gets a new response.
    const next = await s.log.waitFor('a new response', (e) => e.type === 'response.created' && e.response.id !== responseId,
      { from: during });
    assert.ok(s.log.items.indexOf(next) > s.log.items.indexOf(done), 'the new response starts after the cut one ended');
    await s.close();

    const rec = await theUpstream(stack, before, upstream);
    assert.ok(rec.cancelled >= 1, `the upstream answer was cut short: ${JSON.stringify({ responses: rec.responses, cancelled: rec.cancelled })}`);
    if (upstream === 'gemini') assert.equal(rec.setups, 1, 'exactly one setup');
  });

  test(`genai SDK → ${core} core: speech during an answer interrupts it`, async () => {
    const RATE = 16000;
    const before = await snapshot(stack);
    const s = await genaiConnect({
      baseUrl: `http://127.0.0.1:${stack.gateway.ws}`, apiKey: SECRET, model,
      config: {
        responseModalities: [Modality.AUDIO],
        inputAudioTranscription: {},
        outputAudioTranscription: {},
        realtimeInputConfig: { automaticActivityDetection: { disabled: false, silenceDurationMs: 500 } },
      },
    });
    const from = s.log.mark();
    await stream(speech(RATE, { speechMs: 600, silenceMs: 800 }), RATE, (c) => s.sendAudio(c, RATE));
    await s.log.waitFor('first answer audio', gem.hasAudio, { from });
    const during = s.log.mark();
    await stream(speech(RATE, { speechMs: 600, silenceMs: 800, seed: 11 }), RATE, (c) => s.sendAudio(c, RATE));

    const cut = await s.log.waitFor('interrupted', gem.interrupted, { from: during });
    const cutAt = s.log.items.indexOf(cut);
    const firstTurn = s.log.items.slice(from, cutAt + 1);
    assert.ok(!firstTurn.some((m) => m.serverContent?.generationComplete), 'no generationComplete for a cut turn');
    const played = firstTurn.flatMap(gem.audioParts).reduce((n, p) => n + Buffer.from(p.inlineData.data, 'base64').length, 0);
    assert.ok(played < FULL_ANSWER_BYTES, `the answer was cut: ${played} of ${FULL_ANSWER_BYTES} bytes played`);
    await s.log.waitFor('turnComplete after interrupted', gem.turnComplete, { from: cutAt });
    await s.close();

    const rec = await theUpstream(stack, before, upstream);
    assert.ok(rec.cancelled >= 1, `the upstream answer was cut short: ${JSON.stringify({ responses: rec.responses, cancelled: rec.cancelled })}`);
    if (upstream === 'gemini') assert.equal(rec.setups, 1, 'exactly one setup');
  });
}
