import { summariseProblems } from './summarise';

const sharing = (field: string) => ({
  subgraphs: ['health', 'society'],
  code: 'INVALID_FIELD_SHARING',
  message: `Non-shareable field "SocietyIndicator.${field}" is resolved from multiple subgraphs: it is resolved from subgraphs "health" and "society" and defined as non-shareable in all of them`,
});

describe('summariseProblems', () => {
  it('should fold the clashing fields of a type into one line with the taken prefix as hint', () => {
    const lines = summariseProblems(['code', 'name', 'unit', 'pillar', 'direction'].map(sharing), new Map([['Society', 'society']]));
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toBe('type SocietyIndicator is defined by health and society (fields code, name, unit, pillar… (5 fields), not shareable)');
    expect(lines[0].hint).toBe('prefix Society is taken by subgraph society: choose your own typePrefix');
  });

  it('should count satisfiability problems on one line, not print their query paths', () => {
    const long = 'The following supergraph API query:\n{\n  unit {\n    name\n  }\n}\ncannot be satisfied by the subgraphs because:\n- from subgraph "health": cannot find field "AdministrativeUnit.name".\n';
    const lines = summariseProblems(Array.from({ length: 30 }, () => ({ subgraphs: [], code: 'SATISFIABILITY_ERROR', message: long })));
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toMatch(/^30 query paths of the supergraph cannot be planned, e.g. - from subgraph "health"/);
  });

  it('should hint at the prefix or the fields for a clash on a root type, never "rename Mutation"', () => {
    const root = (type: string, field: string) => ({
      subgraphs: ['health', 'society'],
      code: 'INVALID_FIELD_SHARING',
      message: `Non-shareable field "${type}.${field}" is resolved from multiple subgraphs: it is resolved from subgraphs "health" and "society" and defined as non-shareable in all of them`,
    });
    const owners = new Map([['Society', 'society']]);
    const [mutation] = summariseProblems([root('Mutation', 'reportSocietyObservations')], owners);
    expect(mutation.hint).toBe('prefix Society is taken by subgraph society: choose your own typePrefix');
    const [query] = summariseProblems([root('Query', 'societyReadings')], owners);
    expect(query.hint).toBe('prefix Society is taken by subgraph society: choose your own typePrefix');
    const [other] = summariseProblems([root('Query', 'clinics')], owners);
    expect(other.hint).toBe('rename the field clinics in your subgraph (with your own prefix)');
    expect(other.hint).not.toMatch(/rename Query/);
  });
});
