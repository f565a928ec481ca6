import { FrequencySketch, MAX_FREQUENCY } from './frequency-sketch';

describe('FrequencySketch', () => {
  it('should count how often each key was asked for, up to its cap', () => {
    const sketch = new FrequencySketch({ capacity: 100, sampleSize: 1_000_000 });
    for (let i = 0; i < 5; i++) sketch.increment('wall');
    sketch.increment('stranger');
    for (let i = 0; i < 40; i++) sketch.increment('hot');
    expect(sketch.frequency('wall')).toBe(5);
    expect(sketch.frequency('stranger')).toBe(1);
    expect(sketch.frequency('never asked')).toBe(0);
    expect(sketch.frequency('hot')).toBe(MAX_FREQUENCY);
  });

  it('should halve every count after its sample size, so old popularity fades', () => {
    const sketch = new FrequencySketch({ capacity: 100, sampleSize: 20 });
    for (let i = 0; i < 12; i++) sketch.increment('old');
    for (let i = 0; i < 8; i++) sketch.increment('new'); // the 20th increment ages
    expect(sketch.frequency('old')).toBe(6);
    expect(sketch.frequency('new')).toBe(4);
  });

  it('should keep one-off keys near 1 even when many distinct ones fill it (few collisions)', () => {
    const sketch = new FrequencySketch({ capacity: 1_000 });
    for (let i = 0; i < 2_600; i++) sketch.increment(`junk ${i}`);
    const over = Array.from({ length: 2_600 }, (_, i) => sketch.frequency(`junk ${i}`)).filter((f) => f > 2);
    expect(over.length).toBeLessThan(26);
  });
});
