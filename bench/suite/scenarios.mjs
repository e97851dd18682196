// The standard suite: which scenarios, which loads, which hops. Every stream load runs against all
// four hops back to back, so each comparison is made minutes apart on the same machine.
//
// A voice-rate load is N sessions each sending 40 ms of audio every 40 ms (25 messages/s each way
// per session), the echo answering each at once. "closed loop" keeps one message in flight per
// session and sends the next as soon as the answer arrives: the most the load side can drive.

export const HOPS = ['direct', 'nginx', 'node', 'switchyard'];

const voice = (sessions) => ({ name: `${sessions}×25/s`, sessions, interval: 40 });
const closedLoop = { name: 'closed loop', sessions: 50, interval: 0 };

export const scenarios = [
  {
    id: 'a', title: 'Passthrough: OpenAI client → OpenAI core', route: 'openai-openai', plot: true,
    loads: [voice(50), voice(250), voice(500), voice(1000), closedLoop],
  },
  {
    // The target's literal condition: 1,000 voice-rate sessions on 2 cores, here with the load
    // generator and simulators on the same cores; the hops run one shard or worker per CPU.
    id: 'a2', title: 'Passthrough on all CPUs: one shard or worker per CPU, load side on the same CPUs', route: 'openai-openai',
    shared: true, hops: ['direct', 'nginx', 'switchyard'],
    loads: [voice(1000)],
  },
  {
    id: 'b1', title: 'Translating: OpenAI client → Gemini core (24 → 16 kHz)', route: 'openai-gemini', plot: true,
    loads: [voice(50), voice(500), voice(1000), closedLoop],
  },
  {
    id: 'b2', title: 'Translating: Gemini client → OpenAI core (16 → 24 kHz)', route: 'gemini-openai',
    loads: [voice(50), voice(500), closedLoop],
  },
  {
    id: 'c', title: 'Idle density: 10,000 open idle sessions', kind: 'idle',
    load: { name: 'idle', mode: 'idle', sessions: 10000, seconds: 2, settleMs: 2000, maxConnecting: 256 },
    cases: [
      { hop: 'switchyard', route: 'openai-openai' },
      { hop: 'switchyard', route: 'openai-gemini' },
      { hop: 'nginx', route: 'openai-openai' },
      { hop: 'node', route: 'openai-openai' },
      { hop: 'node', route: 'openai-gemini' },
    ],
  },
  {
    id: 'd', title: 'TLS on both legs: OpenAI client → OpenAI core', route: 'openai-openai', tls: true,
    loads: [voice(50), voice(500), closedLoop],
  },
  {
    id: 'e', title: 'Connection churn: sessions opened and closed per second (plain)', route: 'openai-openai',
    loads: [{ name: '32 loops', mode: 'churn', sessions: 32, warmupMs: 500 }],
  },
  {
    id: 'e-tls', title: 'Connection churn: sessions opened and closed per second (TLS both legs)', route: 'openai-openai', tls: true,
    loads: [{ name: '32 loops', mode: 'churn', sessions: 32, warmupMs: 500 }],
  },
];
