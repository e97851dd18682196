// The official SDKs, used the way an application would: only the base URL and the key point at
// Switchyard. Each session records what it received in an EventLog.
import { once } from 'node:events';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { GoogleGenAI } from '@google/genai';
import { EventLog, within } from './events.mjs';

// --- OpenAI Realtime over `OpenAIRealtimeWS` (always wss) ---------------------------------------

export async function openaiConnect({ baseURL, apiKey, model, headers, timeoutMs = 15000 }) {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  const rt = new OpenAIRealtimeWS({ model, options: headers ? { headers } : undefined }, client);
  const log = new EventLog(`openai-sdk ${model} via ${baseURL}`);
  const errors = [];
  rt.on('event', (e) => log.push(e));
  rt.on('error', (e) => errors.push(e));  // a listener keeps the SDK from rejecting unhandled
  rt.socket.on('close', (code, reason) => log.close({ code, reason: reason.toString() }));
  const opened = once(rt.socket, 'open').then(() => null);
  const failed = once(rt, 'error').then(([e]) => e);
  const err = await within(Promise.race([opened, failed]), timeoutMs, `open ${rt.url}`);
  if (err) {
    rt.socket.terminate();
    throw Object.assign(new Error(`connect refused: ${err.message}`), { sdkError: err });
  }
  await log.waitFor('session.created', (e) => e.type === 'session.created', { timeoutMs });
  return {
    rt, log, errors, url: rt.url,
    send: (ev) => rt.send(ev),
    async update(session) {
      const from = log.mark();
      rt.send({ type: 'session.update', session: { type: 'realtime', ...session } });
      return log.waitFor('session.updated', (e) => e.type === 'session.updated', { from });
    },
    appendAudio(pcm) { rt.send({ type: 'input_audio_buffer.append', audio: pcm.toString('base64') }); },
    async close() {
      if (log.closed) return log.closed;
      const done = log.waitClose();
      rt.close({ code: 1000, reason: 'done' });
      return done;
    },
  };
}

// Attempts a connection that the gateway should refuse before the upgrade, and reports it the way
// the SDK does: an `error` event whose message is the `ws` library's "Unexpected server response:
// <status>". Resolves { how: 'refused' | 'open', status, errors }.
export async function openaiRefused({ baseURL, apiKey, model, headers, timeoutMs = 15000 }) {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  const rt = new OpenAIRealtimeWS({ model, options: headers ? { headers } : undefined }, client);
  const errors = [];
  rt.on('error', (e) => errors.push(e));
  const how = await within(new Promise((resolve) => {
    rt.socket.on('open', () => resolve('open'));
    rt.socket.on('close', () => resolve('refused'));
  }), timeoutMs, `refusal of ${rt.url}`);
  if (how === 'open') rt.socket.terminate();
  const m = errors.map((e) => e.message).join(' ').match(/Unexpected server response: (\d+)/);
  return { how, status: m ? Number(m[1]) : null, errors };
}

// --- Gemini Live over `@google/genai` ----------------------------------------------------------

export function kindOf(m) {
  const keys = Object.keys(m).filter((k) => m[k] !== undefined);
  if (m.serverContent) {
    const sc = Object.keys(m.serverContent).filter((k) => m.serverContent[k] !== undefined);
    return `serverContent{${sc.join(',')}}${m.usageMetadata ? '+usage' : ''}`;
  }
  return keys.join('+');
}

export async function genaiConnect({ baseUrl, apiKey, model, config = {}, timeoutMs = 15000 }) {
  const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });
  const log = new EventLog(`genai-sdk ${model} via ${baseUrl}`);
  const errors = [];
  let opened = false;
  let failEarly;
  // The SDK waits for setupComplete without a deadline and without noticing a refused or closed
  // socket: fail as soon as the socket closes before the session is up.
  const closedEarly = new Promise((_, reject) => { failEarly = reject; });
  const connecting = ai.live.connect({
    model,
    config,
    callbacks: {
      onopen: () => { opened = true; },
      onmessage: (m) => { m.__kind = kindOf(m); log.push(m); },
      onerror: (e) => errors.push(e),
      onclose: (e) => {
        log.close({ code: e.code, reason: e.reason });
        failEarly(Object.assign(new Error(`live.connect: socket ${opened ? 'closed' : 'refused'} (code ${e.code} ${e.reason}; errors: ${errors.map((x) => x.message).join('; ')})`),
          { code: e.code, reason: e.reason, errors, opened }));
      },
    },
  });
  const session = await within(Promise.race([connecting, closedEarly]), timeoutMs, 'live.connect');
  closedEarly.catch(() => {});
  return {
    session, log, errors,
    sendAudio(pcm, rate) {
      session.sendRealtimeInput({ audio: { data: pcm.toString('base64'), mimeType: `audio/pcm;rate=${rate}` } });
    },
    async close() {
      if (log.closed) return log.closed;
      const done = log.waitClose();
      session.close();
      return done;
    },
  };
}

// --- predicates over Gemini server messages ------------------------------------------------------

export const gem = {
  audioParts: (m) => (m.serverContent?.modelTurn?.parts ?? []).filter((p) => p.inlineData?.data),
  hasAudio: (m) => gem.audioParts(m).length > 0,
  turnComplete: (m) => m.serverContent?.turnComplete === true,
  interrupted: (m) => m.serverContent?.interrupted === true,
  inputText: (m) => m.serverContent?.inputTranscription?.text,
  outputText: (m) => m.serverContent?.outputTranscription?.text,
};
