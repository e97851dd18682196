// The official `openai` SDK (OpenAIRealtimeWS, over wss with the test CA) against the gateway, in
// both of its pairs: the OpenAI core and the Gemini core, each with the provider simulator
// upstream. Every scenario also checks what the upstream simulator received.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect } from './lib/clients.mjs';
import { speech, stream } from './lib/audio.mjs';
import { snapshot, theUpstream, count } from './lib/upstream.mjs';

const RATE = 24000;  // the OpenAI dialect's PCM16 rate
const KEY = `${ACCOUNT}:${SECRET}`;

const PAIRS = [
  { name: 'OpenAI core', model: 'gpt-realtime', upstream: 'openai' },
  { name: 'Gemini core', model: 'gemini-2.0-flash-live-001', upstream: 'gemini' },
];

const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function sessionConfig({ vad = true, tools } = {}) {
  return {
    output_modalities: ['audio'],
    instructions: 'You are the end-to-end test assistant.',
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: RATE },
        transcription: { model: 'gpt-4o-mini-transcribe' },
        turn_detection: vad
          ? { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500,
            create_response: true, interrupt_response: true }
          : null,
      },
      output: { format: { type: 'audio/pcm', rate: RATE }, voice: 'alloy' },
    },
    ...(tools ? { tools, tool_choice: 'auto' } : {}),
  };
}

const is = (type) => (e) => e.type === type;
const idx = (log, e) => log.items.indexOf(e);

// The events of one response, from response.created to its response.done (inclusive).
async function oneResponse(s, from, timeoutMs = 20000) {
  const created = await s.log.waitFor('response.created', is('response.created'), { from, timeoutMs });
  const id = created.response.id;
  const done = await s.log.waitFor(`response.done for ${id}`,
    (e) => e.type === 'response.done' && e.response.id === id, { from, timeoutMs });
  const events = s.log.items.slice(idx(s.log, created), idx(s.log, done) + 1);
  const audio = events.filter(is('response.output_audio.delta')).map((e) => Buffer.from(e.delta, 'base64'));
  const transcript = events.filter(is('response.output_audio_transcript.delta')).map((e) => e.delta).join('') +
    events.filter(is('response.output_text.delta')).map((e) => e.delta).join('');
  return { created, done, events, audioBytes: audio.reduce((n, b) => n + b.length, 0), transcript };
}

function assertUsage(done) {
  const u = done.response.usage;
  assert.ok(u, `response.done carries usage: ${JSON.stringify(done.response)}`);
  assert.ok(u.total_tokens > 0, `total_tokens > 0: ${JSON.stringify(u)}`);
  assert.ok(u.input_tokens > 0, `input_tokens > 0: ${JSON.stringify(u)}`);
  assert.ok(u.output_tokens > 0, `output_tokens > 0: ${JSON.stringify(u)}`);
  assert.equal(u.total_tokens, u.input_tokens + u.output_tokens, 'total = input + output');
}

function assertCompletedAudioAnswer(r) {
  assert.equal(r.done.response.status, 'completed', JSON.stringify(r.done.response.status_details));
  assert.ok(r.audioBytes >= RATE * 2 / 10, `at least 100 ms of answer audio, got ${r.audioBytes} bytes`);
  assert.equal(r.audioBytes % 2, 0, 'whole PCM16 samples');
  assert.ok(r.transcript.length > 0, 'the answer has a transcript');
  assertUsage(r.done);
}

// What the upstream simulator heard of `sentBytes` bytes of 24 kHz client audio.
function assertUpstreamAudio(rec, upstream, sentBytes) {
  const sentMs = (sentBytes / 2 / RATE) * 1000;
  if (upstream === 'openai') {
    assert.deepEqual(rec.audio.rates, [RATE], `declared rates ${JSON.stringify(rec.audio)}`);
    assert.equal(rec.audio.bytes, sentBytes, 'OpenAI upstream gets the client audio unchanged');
  } else {
    // Gemini takes 16 kHz: the gateway resamples, and declares and sizes it for that rate.
    assert.deepEqual(rec.audio.rates, [16000], `declared rates ${JSON.stringify(rec.audio)}`);
    assert.ok(rec.audio.formats.every((f) => /^audio\/pcm;\s*rate=16000$/.test(f)), `formats ${rec.audio.formats}`);
    const expected = (sentBytes * 16000) / RATE;
    assert.ok(Math.abs(rec.audio.bytes - expected) <= 0.02 * expected + 640,
      `~${expected} bytes at 16 kHz upstream, got ${rec.audio.bytes}`);
    assert.equal(rec.audio.bytes % 2, 0, 'whole samples upstream');
    assert.equal(count(rec, 'setup'), 1, 'a Gemini upstream gets exactly one setup');
    assert.equal(rec.setups, 1, 'a Gemini upstream gets exactly one setup');
  }
  assert.ok(Math.abs(rec.audio.ms - sentMs) <= 0.02 * sentMs + 40, `${sentMs} ms sent, ${rec.audio.ms} ms heard upstream`);
}

let stack;
before(async () => {
  requireTestCa();
  stack = await startStack();
});
after(async () => { if (stack) await stack.stop(); });

const baseURL = (prefix = '') => `https://localhost:${stack.gateway.wss}${prefix}/v1`;

for (const pair of PAIRS) {
  describe(`openai SDK → ${pair.name}`, () => {
    test('connects over wss and gets session.created, then session.updated', async () => {
      const s = await openaiConnect({ baseURL: baseURL(), apiKey: KEY, model: pair.model });
      assert.match(String(s.url), /^wss:\/\/localhost:\d+\/v1\/realtime\?model=/);
      const created = s.log.items.find(is('session.created'));
      assert.equal(created.session.type, 'realtime');
      const updated = await s.update(sessionConfig());
      assert.equal(updated.session.audio.input.format.rate, RATE);
      assert.equal(updated.session.audio.input.turn_detection.type, 'server_vad');
      assert.deepEqual(s.errors.map((e) => e.message), []);
      assert.equal((await s.close()).code, 1000);
    });

    test('audio turn: speech → transcript → audio answer → response.done with usage', async () => {
      const before = await snapshot(stack);
      const s = await openaiConnect({ baseURL: baseURL(), apiKey: KEY, model: pair.model });
      await s.update(sessionConfig());
      const from = s.log.mark();
      const pcm = speech(RATE, { speechMs: 800, silenceMs: 1000 });
      await stream(pcm, RATE, (c) => s.appendAudio(c));

      const started = await s.log.waitFor('speech_started', is('input_audio_buffer.speech_started'), { from });
      const stopped = await s.log.waitFor('speech_stopped', is('input_audio_buffer.speech_stopped'), { from });
      const committed = await s.log.waitFor('committed', is('input_audio_buffer.committed'), { from });
      assert.ok(idx(s.log, started) < idx(s.log, stopped), 'speech_started before speech_stopped');
      assert.ok(idx(s.log, stopped) <= idx(s.log, committed), 'speech_stopped before committed');
      assert.ok(stopped.audio_end_ms > started.audio_start_ms, JSON.stringify({ started, stopped }));
      const tr = await s.log.waitFor('input transcription',
        is('conversation.item.input_audio_transcription.completed'), { from });
      assert.ok(tr.transcript.trim().length > 0, 'non-empty input transcript');

      const r = await oneResponse(s, from);
      assertCompletedAudioAnswer(r);
      const order = ['response.created', 'response.output_item.added', 'response.output_audio.delta',
        'response.output_audio.done', 'response.output_item.done', 'response.done'];
      const positions = order.map((t) => r.events.findIndex(is(t)));
      assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])),
        `lifecycle order ${order.join(' → ')}: ${JSON.stringify(positions)}`);
      assert.deepEqual(s.log.filter(is('error')), [], 'no error events');
      assert.ok(!/sim-(openai|gemini)-key/.test(JSON.stringify(s.log.items)), 'no provider key reaches the client');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assertUpstreamAudio(rec, pair.upstream, pcm.length);
      assert.ok(rec.responses >= 1, 'the upstream answered');
    });

    test('manual turn: turn_detection null, commit and response.create', async () => {
      const before = await snapshot(stack);
      const s = await openaiConnect({ baseURL: baseURL(), apiKey: KEY, model: pair.model });
      const updated = await s.update(sessionConfig({ vad: false }));
      assert.equal(updated.session.audio.input.turn_detection, null);
      const from = s.log.mark();
      const pcm = speech(RATE, { speechMs: 600, silenceMs: 800 });
      await stream(pcm, RATE, (c) => s.appendAudio(c));
      s.send({ type: 'input_audio_buffer.commit' });
      const committed = await s.log.waitFor('committed', is('input_audio_buffer.committed'), { from });
      assert.ok(committed.item_id, 'committed names the user item');
      s.send({ type: 'response.create' });
      const r = await oneResponse(s, from);
      assertCompletedAudioAnswer(r);
      assert.deepEqual(s.log.filter(is('input_audio_buffer.speech_started'), from), [],
        'no server VAD events on manual turns');
      assert.equal(s.log.filter(is('response.created'), from).length, 1, 'exactly one response');
      assert.deepEqual(s.log.filter(is('error')), [], 'no error events');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assertUpstreamAudio(rec, pair.upstream, pcm.length);
      if (pair.upstream === 'gemini') {
        assert.match(rec.last_config, /"automaticActivityDetection"\s*:\s*\{[^}]*"disabled"\s*:\s*true/,
          `setup disables automatic activity detection: ${rec.last_config}`);
        assert.ok(count(rec, 'realtimeInput.activityEnd') >= 1, `activityEnd sent: ${JSON.stringify(rec.received)}`);
      } else {
        assert.equal(count(rec, 'input_audio_buffer.commit'), 1, `commit forwarded: ${JSON.stringify(rec.received)}`);
        assert.equal(count(rec, 'response.create'), 1);
      }
    });

    test('text turn: conversation.item.create + response.create', async () => {
      const before = await snapshot(stack);
      const s = await openaiConnect({ baseURL: baseURL(), apiKey: KEY, model: pair.model });
      await s.update(sessionConfig());
      const from = s.log.mark();
      const text = 'Hello from the text turn';
      s.send({ type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
      s.send({ type: 'response.create' });
      const r = await oneResponse(s, from);
      assertCompletedAudioAnswer(r);
      assert.match(r.transcript, /Hello from the text turn/, 'the answer quotes the user text (simulator behaviour)');
      assert.deepEqual(s.log.filter(is('error')), [], 'no error events');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      assert.ok(rec.texts.includes(text), `upstream texts ${JSON.stringify(rec.texts)}`);
      if (pair.upstream === 'gemini') assert.equal(rec.setups, 1, 'exactly one setup');
    });

    test('function call round trip: function_call item, function_call_output, answer', async () => {
      const before = await snapshot(stack);
      const s = await openaiConnect({ baseURL: baseURL(), apiKey: KEY, model: pair.model });
      await s.update(sessionConfig({ tools: [WEATHER_TOOL] }));
      let from = s.log.mark();
      s.send({ type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Please call get_weather for Paris' }] } });
      s.send({ type: 'response.create' });
      const r1 = await oneResponse(s, from);
      assert.equal(r1.done.response.status, 'completed');
      const itemDone = r1.events.find((e) => e.type === 'response.output_item.done' && e.item.type === 'function_call');
      assert.ok(itemDone, `a completed function_call item: ${r1.events.map((e) => e.type).join(', ')}`);
      const call = itemDone.item;
      assert.equal(call.name, 'get_weather');
      assert.ok(call.call_id, 'the call has an id');
      assert.equal(call.status, 'completed');
      const args = JSON.parse(call.arguments);
      assert.equal(typeof args.city, 'string', `arguments fit the schema: ${call.arguments}`);
      const argsDone = r1.events.find(is('response.function_call_arguments.done'));
      assert.ok(argsDone, 'function_call_arguments.done');
      assert.equal(argsDone.call_id, call.call_id);
      assert.deepEqual(JSON.parse(argsDone.arguments), args);
      assert.ok(r1.done.response.output.some((o) => o.type === 'function_call' && o.call_id === call.call_id),
        'response.done lists the call');

      from = s.log.mark();
      s.send({ type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature_c: 21, sky: 'clear' }) } });
      s.send({ type: 'response.create' });
      const r2 = await oneResponse(s, from);
      assertCompletedAudioAnswer(r2);
      assert.match(r2.transcript, /get_weather/, 'the answer uses the tool result (simulator behaviour)');
      assert.match(r2.transcript, /21/);
      assert.deepEqual(s.log.filter(is('error')), [], 'no error events');
      await s.close();

      const rec = await theUpstream(stack, before, pair.upstream);
      const out = rec.items.find((i) => i.type === 'function_call_output');
      assert.ok(out, `upstream got the function output: ${JSON.stringify(rec.items)}`);
      assert.match(out.text, /21/);
      if (pair.upstream === 'gemini') {
        assert.equal(out.name, 'get_weather', 'Gemini needs the function name: the gateway remembers it by call id');
        assert.equal(rec.setups, 1, 'exactly one setup');
        assert.match(rec.last_config, /get_weather/, 'the tool is declared in the setup');
      } else {
        assert.equal(out.call_id, call.call_id);
      }
    });
  });
}

// The /core/<name>/ path prefix picks the core whatever the model says.
test('openai SDK: baseURL …/core/gemini/v1 sends a gpt-* model to the Gemini core', async () => {
  const before = await snapshot(stack);
  const s = await openaiConnect({ baseURL: baseURL('/core/gemini'), apiKey: KEY, model: 'gpt-realtime' });
  await s.update(sessionConfig());
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Which core is this' }] } });
  s.send({ type: 'response.create' });
  const r = await oneResponse(s, from);
  assert.equal(r.done.response.status, 'completed');
  await s.close();
  await theUpstream(stack, before, 'gemini');
});
