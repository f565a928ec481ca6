import { gatewayTarget } from './gateway-client';

describe('where the CLI finds the gateway', () => {
  it('should follow GATEWAY_PORT when no URL is given', () => {
    expect(gatewayTarget({}, { GATEWAY_PORT: '4100' }).url).toBe('http://localhost:4100/graphql');
    expect(gatewayTarget({}, {}).url).toBe('http://localhost:4000/graphql');
  });

  it('should prefer --url, then IOC_GATEWAY_URL', () => {
    expect(gatewayTarget({ url: 'http://a:1/graphql' }, { IOC_GATEWAY_URL: 'http://b:2/graphql', GATEWAY_PORT: '4100' }).url).toBe('http://a:1/graphql');
    expect(gatewayTarget({}, { IOC_GATEWAY_URL: 'http://b:2/graphql', GATEWAY_PORT: '4100' }).url).toBe('http://b:2/graphql');
  });

  it('should refuse a GATEWAY_PORT that fetch cannot reach, naming the variable', () => {
    expect(() => gatewayTarget({}, { GATEWAY_PORT: '6000' })).toThrow(/GATEWAY_PORT must not be 6000/);
  });

  it('should take the token from --token, else IOC_TOKEN', () => {
    expect(gatewayTarget({ token: 't1' }, { IOC_TOKEN: 't2' }).token).toBe('t1');
    expect(gatewayTarget({}, { IOC_TOKEN: 't2' }).token).toBe('t2');
    expect(gatewayTarget({}, {}).token).toBeUndefined();
  });
});
