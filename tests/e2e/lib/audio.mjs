// Test audio: PCM16 little-endian mono. "Speech" is a voiced burst (a few harmonics with a little
// noise, loud enough for any energy-based detector) followed by silence long enough to end a turn.
export function speech(rate, { speechMs = 700, silenceMs = 1000, amplitude = 0.4, seed = 7 } = {}) {
  const speechN = Math.round((rate * speechMs) / 1000);
  const total = speechN + Math.round((rate * silenceMs) / 1000);
  const buf = Buffer.alloc(total * 2);
  let state = seed >>> 0;
  const noise = () => {  // xorshift32: deterministic, so a run is reproducible
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 0xffffffff - 0.5;
  };
  for (let i = 0; i < speechN; i++) {
    const t = i / rate;
    const edge = Math.min(1, i / (rate * 0.01), (speechN - i) / (rate * 0.01));  // 10 ms ramps
    const v = 0.6 * Math.sin(2 * Math.PI * 220 * t) + 0.25 * Math.sin(2 * Math.PI * 440 * t) +
      0.1 * Math.sin(2 * Math.PI * 660 * t) + 0.1 * noise();
    buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * edge * amplitude * 32767))), i * 2);
  }
  return buf;
}

export function silence(rate, ms) {
  return Buffer.alloc(Math.round((rate * ms) / 1000) * 2);
}

// Splits PCM into chunks of `ms` milliseconds (whole samples).
export function chunks(pcm, rate, ms = 40) {
  const size = Math.round((rate * ms) / 1000) * 2;
  const out = [];
  for (let i = 0; i < pcm.length; i += size) out.push(pcm.subarray(i, Math.min(pcm.length, i + size)));
  return out;
}

// Sends chunks paced at `speed` times real time (so a detector that looks at arrival time still
// sees a turn), resolving when the last one is out.
export async function stream(pcm, rate, send, { ms = 40, speed = 4 } = {}) {
  const started = Date.now();
  let sentMs = 0;
  for (const c of chunks(pcm, rate, ms)) {
    send(c);
    sentMs += (c.length / 2 / rate) * 1000;
    const ahead = sentMs / speed - (Date.now() - started);
    if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
  }
}
