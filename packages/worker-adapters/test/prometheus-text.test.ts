import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sumSeries } from '../src/index.js';

const LLAMACPP = `# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 12
# TYPE llamacpp:tokens_predicted_total counter
llamacpp:tokens_predicted_total 345
llamacpp:requests_processing 1
llamacpp:requests_deferred 0
`;

describe('parsePrometheusText', () => {
  it("reads llama.cpp's colon-named series [WA-007]", () => {
    const samples = parsePrometheusText(LLAMACPP);
    expect(sumSeries(samples, 'llamacpp:tokens_predicted_total')).toBe(345);
    expect(sumSeries(samples, 'llamacpp:requests_processing')).toBe(1);
    expect(sumSeries(samples, 'llamacpp:kv_cache_usage_ratio')).toBeNull();
  });

  it('reads labels with spaces, commas, braces and escaped quotes [WA-007]', () => {
    const [sample] = parsePrometheusText(
      'vllm:num_requests_running{model_name="a b, {c}",x="q\\"t"} 3 1700000000\n',
    );
    expect(sample).toEqual({
      name: 'vllm:num_requests_running',
      labels: { model_name: 'a b, {c}', x: 'q"t' },
      value: 3,
    });
  });

  it('sums a series across label sets and keeps special values [WA-007]', () => {
    const samples = parsePrometheusText('t{a="1"} 2\nt{a="2"} 3.5\nu +Inf\nv NaN\r\n');
    expect(sumSeries(samples, 't')).toBe(5.5);
    expect(sumSeries(samples, 'u')).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(sumSeries(samples, 'v'))).toBe(true);
  });

  it('skips malformed lines instead of failing the scrape [WA-007]', () => {
    const samples = parsePrometheusText('garbage\nbroken{a="1" 3\nno_value \nok 1\n');
    expect(samples).toEqual([{ name: 'ok', labels: {}, value: 1 }]);
  });
});
