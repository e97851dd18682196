// Number formatting and look-ups shared by the report's sections.
export const num = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) || v < 0 ? '—'
  : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
export const us = (v) => (v < 0 ? '—' : v >= 100 ? num(v, 0) : num(v, 1));
export const latency = (v) => (v >= 10000 ? `${num(v / 1000, 0)} ms` : v >= 1000 ? `${num(v / 1000, 1)} ms` : `${num(v, 0)} µs`);
export const kib = (b) => (b === null || b === undefined || b < 0 ? '—' : `${num(b / 1024, 1)} KiB`);
export const ratio = (a, b) => (a > 0 && b > 0 ? `${num(a / b, 2)}×` : '—');

export const HOP_NAME = { direct: 'upstream directly', nginx: 'nginx', node: 'Node relay', switchyard: 'Switchyard' };

export function routeName(route) {
  return { 'openai-openai': 'OpenAI → OpenAI', 'openai-gemini': 'OpenAI → Gemini', 'gemini-openai': 'Gemini → OpenAI' }[route] ?? route;
}

export function pick(data, scenario, hop, load) {
  return data.results.find((r) => r.scenario === scenario && r.hop === hop && r.load === load) ?? null;
}
