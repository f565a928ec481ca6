import { parseTypeDefs } from './build-federated-schema';

describe('parseTypeDefs', () => {
  it('should name typeDefs and the line and column of a syntax error', () => {
    expect(() => parseTypeDefs('type HealthThing {\n  code: ID!\n  name String!\n}')).toThrow(
      'typeDefs: Syntax Error: Expected ":", found Name "String". (line 3, column 8)',
    );
  });

  it('should parse well-formed SDL', () => {
    expect(parseTypeDefs('type HealthThing { code: ID! }').definitions).toHaveLength(1);
  });
});
