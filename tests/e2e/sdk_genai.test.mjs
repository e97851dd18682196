// The official `@google/genai` SDK (`ai.live.connect` with httpOptions.baseUrl pointing at the
// gateway's plain port, which makes it dial ws://host:port//ws/…) against the gateway, in both of
// its pairs: the Gemini core and the OpenAI core, with the provider simulators upstream.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Modality, Type } from '@google/genai';
import { startStack, SECRET } from './lib/stack.mjs';
import { genaiConnect, gem } from './lib/clients.mjs';
import { speech, stream } from './lib/audio.mjs';
import { snapshot, theUpstream, count } from './lib/upstream.mjs';

const RATE = 16000;  // what a Gemini client sends
const OUT_MIME = /^audio\/pcm;\s*rate=24000$/;

const PAIRS = [
  { name: 'Gemini core', model: 'gemini-2.0-flash-live-001', upstream: 'gemini' },
  { name: 'OpenAI core', model: 'gpt-realtime', upstream: 'openai' },
];

const WEATHER = {
  functionDeclarations: [{
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
  }],
};

function liveConfig({ manual = false, tools } = {}) {
  return {
    responseModalities: [Modality.AUDIO],
    speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } },
    systemInstruction: 'You are the end-to-end test assistant.',
    inputAudioTranscription: {},
    outputAudioTranscription: {},
    realtimeInputConfig: manual
      ? { automaticActivityDetection: { disabled: true } }
      : { automaticActivityDetection: { disabled: false, prefixPaddingMs: 300, silenceDurationMs: 500 } },
    ...(tools ? { tools } : {}),
  };
}

// The messages of one model turn: from `from` up to and including its turnComplete.
async function oneTurn(s, from, timeoutMs = 20000) {
  const done = await s.log.waitFor('turnComplete', gem.turnComplete, { from, timeoutMs });
  const msgs = s.log.items.slice(from, s.log.items.indexOf(done) + 1);
  const parts = msgs.flatMap(gem.audioParts);
  const audioBytes = parts.reduce((n, p) => n + Buffer.from(p.inlineData.data, 'base64').length, 0);
  const transcript = msgs.map(gem.outputText).filter(Boolean).join('') +
    msgs.flatMap((m) => m.serverContent?.modelTurn?.parts ?? []).map((p) => p.text ?? '').join('');
  // The turn's usageMetadata rides along with turnComplete or comes alone just before or after it
  // (an earlier one in the window may belong to the tool-call turn before).
  const doneAt = s.log.items.indexOf(done);
  const usage = done.usageMetadata ?? msgs.filter((m) => m.usageMetadata).at(-1)?.usageMetadata ??
    (await s.log.waitFor('usageMetadata', (m) => m.usageMetadata, { from: doneAt, timeoutMs })).usageMetadata;
  return { msgs, parts, audioBytes, transcript, usage, done };
}

function assertCompletedAudioTurn(t) {
  assert.ok(t.parts.length > 0, 'the model turn has audio parts');
  assert.ok(t.parts.every((p) => OUT_MIME.test(p.inlineData.mimeType)), `mime types ${t.parts.map((p) => p.inlineData.mimeType)}`);
  assert.ok(t.audioBytes >= 24000 * 2 / 10, `at least 100 ms of answer audio, got ${t.audioBytes} bytes`);
  assert.equal(t.audioBytes % 2, 0, 'whole PCM16 samples');
  assert.ok(t.transcript.length > 0, 'the answer has an output transcription');
  assert.ok(!t.msgs.some(gem.interrupted), 'not interrupted');
  assert.ok(t.msgs.some((m) => m.serverContent?.generationComplete), 'generationComplete before turnComplete');
  assert.ok(t.usage.totalTokenCount > 0, `usage ${JSON.stringify(t.usage)}`);
  assert.ok(t.usage.promptTokenCount > 0, `usage ${JSON.stringify(t.usage)}`);
  assert.ok(t.usage.responseTokenCount > 0, `usage ${JSON.stringify(t.usage)}`);
}

// What the upstream heard of `sentBytes` bytes of 16 kHz client audio.
function assertUpstreamAudio(rec, upstream, sentBytes) {
  const sentMs = (sentBytes / 2 / RATE) * 1000;
  if (upstream === 'gemini') {
    assert.deepEqual(rec.audio.rates, [RATE], `declared rates ${JSON.stringify(rec.audio)}`);
    assert.equal(rec.audio.bytes, sentBytes, 'a Gemini upstream gets the client audio unchanged');
    assert.equal(rec.setups, 1, 'a Gemini upstream gets exactly one setup');
    assert.equal(count(rec, 'setup'), 1, 'a Gemini upstream gets exactly one setup');
  } else {
    // OpenAI takes 24 kHz: the gateway resamples and sizes the audio for that rate.
    assert.deepEqual(rec.audio.rates, [24000], `declared rates ${JSON.stringify(rec.audio)}`);
    const expected = (sentBytes * 24000) / RATE;
    assert.ok(Math.abs(rec.audio.bytes - expected) <= 0.02 * expected + 960,
      `~${expected} bytes at 24 kHz upstream, got ${rec.audio.bytes}`);
    assert.equal(rec.audio.bytes % 2, 0, 'whole samples upstream');
  }
  assert.ok(Math.abs(rec.audio.ms - sentMs) <= 0.02 * sentMs + 40, `${sentMs} ms sent, ${rec.audio.ms} ms heard upstream`);
}

let stack;
before(async () => { stack = await startStack(); });
after(async () => { if (stack) await stack.stop(); });

const baseUrl = (prefix = '') => `http://127.0.0.1:${stack.gateway.ws}${prefix}`;

for (const pair of PAIRS) {
  describe(`genai SDK → ${pair.name}`, () => {
    test('audio turn: speech → input transcription → audio answer → turnComplete with usage', async () => {
      const before = await snapshot(stack);
      const s = await genaiConnect({ baseUrl: baseUrl(), apiKey: SECRET, model: pair.model, config: liveConfig() });
      assert.match(s.session.conn.url, /^ws:\/\/127\.0\.0\.1:\d+\/\/ws\/google\.ai\.generativelanguage\.v1beta\./,
        'the SDK dials the double-slash path the gateway must normalise');
      const from = s.log.mark();
      const pcm = speech(RATE, { speechMs: 800, silenceMs: 1000 });
      await stream(pcm, RATE, (c) => s.sendAudio(c, RATE));
      const heard = await s.log.waitFor('inputTranscription', (m) => gem.inputText(m), { from });
      assert.ok(gem.inputText(heard).trim().length > 0);
      const t = await oneTurn(s, from);
      assertCompletedAudioTurn(t);
      assert.ok(s.log.items.indexOf(heard) < s.log.items.indexOf(t.msgs.find(gem.hasAudio)),
        'the input transcription comes before the answer audio');
      assert.equal(s.log.closed, null, 'still open');
      assert.ok(!/sim-(openai|gemini)-key/.test(JSON.stringify(s.log.items)), 'no provider key reaches the client');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assertUpstreamAudio(rec, pair.upstream, pcm.length);
      assert.ok(rec.responses >= 1, 'the upstream answered');
    });

    test('manual turn: automatic activity detection disabled, activityStart/activityEnd', async () => {
      const before = await snapshot(stack);
      const s = await genaiConnect({ baseUrl: baseUrl(), apiKey: SECRET, model: pair.model, config: liveConfig({ manual: true }) });
      const from = s.log.mark();
      const pcm = speech(RATE, { speechMs: 600, silenceMs: 800 });
      s.session.sendRealtimeInput({ activityStart: {} });
      await stream(pcm, RATE, (c) => s.sendAudio(c, RATE));
      s.session.sendRealtimeInput({ activityEnd: {} });
      const t = await oneTurn(s, from);
      assertCompletedAudioTurn(t);
      assert.equal(s.log.filter(gem.turnComplete, from).length, 1, 'exactly one model turn');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assertUpstreamAudio(rec, pair.upstream, pcm.length);
      if (pair.upstream === 'gemini') {
        assert.equal(count(rec, 'realtimeInput.activityStart'), 1, JSON.stringify(rec.received));
        assert.equal(count(rec, 'realtimeInput.activityEnd'), 1, JSON.stringify(rec.received));
        assert.match(rec.last_config, /"disabled"\s*:\s*true/);
      } else {
        assert.match(rec.last_config, /"turn_detection"\s*:\s*null/, `manual turns upstream: ${rec.last_config}`);
        assert.equal(count(rec, 'input_audio_buffer.commit'), 1, JSON.stringify(rec.received));
        assert.equal(count(rec, 'response.create'), 1, JSON.stringify(rec.received));
      }
    });

    test('text turn: clientContent with turnComplete', async () => {
      const before = await snapshot(stack);
      const s = await genaiConnect({ baseUrl: baseUrl(), apiKey: SECRET, model: pair.model, config: liveConfig() });
      const from = s.log.mark();
      const text = 'Hello from the text turn';
      s.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true });
      const t = await oneTurn(s, from);
      assertCompletedAudioTurn(t);
      assert.match(t.transcript, /Hello from the text turn/, 'the answer quotes the user text (simulator behaviour)');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assert.ok(rec.texts.includes(text), `upstream texts ${JSON.stringify(rec.texts)}`);
      if (pair.upstream === 'gemini') assert.equal(rec.setups, 1);
    });

    test('function call round trip: toolCall, toolResponse, answer', async () => {
      const before = await snapshot(stack);
      const s = await genaiConnect({ baseUrl: baseUrl(), apiKey: SECRET, model: pair.model, config: liveConfig({ tools: [WEATHER] }) });
      let from = s.log.mark();
      s.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'Please call get_weather for Paris' }] }], turnComplete: true });
      const tc = await s.log.waitFor('toolCall', (m) => m.toolCall, { from });
      const calls = tc.toolCall.functionCalls;
      assert.equal(calls.length, 1, JSON.stringify(tc.toolCall));
      const [call] = calls;
      assert.equal(call.name, 'get_weather');
      assert.ok(call.id, 'the call has an id');
      assert.equal(typeof call.args, 'object', 'args arrive whole, as an object');
      assert.equal(typeof call.args.city, 'string', `args fit the schema: ${JSON.stringify(call.args)}`);

      from = s.log.mark();
      s.session.sendToolResponse({ functionResponses: [{ id: call.id, name: call.name, response: { temperature_c: 21, sky: 'clear' } }] });
      const t = await oneTurn(s, from);
      assertCompletedAudioTurn(t);
      assert.match(t.transcript, /get_weather/, 'the answer uses the tool result (simulator behaviour)');
      assert.match(t.transcript, /21/);
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      const out = rec.items.find((i) => i.type === 'function_call_output');
      assert.ok(out, `upstream got the function output: ${JSON.stringify(rec.items)}`);
      assert.match(out.text, /21/);
      if (pair.upstream === 'gemini') {
        assert.equal(out.call_id, call.id);
        assert.equal(rec.setups, 1);
      } else {
        assert.match(rec.last_config, /get_weather/, 'the tool is declared upstream');
      }
    });
  });
}

test('genai SDK: baseUrl …/core/openai sends a gemini-* model to the OpenAI core', async () => {
  const before = await snapshot(stack);
  const s = await genaiConnect({ baseUrl: baseUrl('/core/openai'), apiKey: SECRET, model: 'gemini-2.0-flash-live-001', config: liveConfig() });
  const from = s.log.mark();
  s.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'Which core is this' }] }], turnComplete: true });
  await oneTurn(s, from);
  await s.close();
  await theUpstream(stack, before, 'openai');
});

test('genai SDK: a wrong key is refused before the upgrade', async () => {
  await assert.rejects(
    genaiConnect({ baseUrl: baseUrl(), apiKey: 'not-a-key', model: 'gemini-2.0-flash-live-001', config: liveConfig(), timeoutMs: 5000 }),
    /socket refused.*Unexpected server response: 401/);
});
