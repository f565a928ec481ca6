import { type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode, Kind, parse } from 'graphql';
import { selectsField } from './selection';

/** The root field of `query` and the document's fragments, as a resolver's `info` carries them. */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsField', () => {
  it('should see a sub-field selected directly, under an alias, in inline and named fragments', () => {
    expect(selectsField(infoOf('{ report { imported rows { index } } }'), 'rows')).toBe(true);
    expect(selectsField(infoOf('{ report { imported outcomes: rows { index } } }'), 'rows')).toBe(true);
    expect(selectsField(infoOf('{ report { ... on ReportSummary { rows { index } } } }'), 'rows')).toBe(true);
    expect(selectsField(infoOf('{ report { ...F } } fragment F on ReportSummary { ...G } fragment G on ReportSummary { rows { index } }'), 'rows')).toBe(true);
  });

  it('should count a sub-field under @skip or @include as selected', () => {
    expect(selectsField(infoOf('query ($x: Boolean!) { report { rows @include(if: $x) { index } } }'), 'rows')).toBe(true);
  });

  it('should not see a sub-field that is not selected, nor one of a nested field', () => {
    expect(selectsField(infoOf('{ report { imported updated } }'), 'rows')).toBe(false);
    expect(selectsField(infoOf('{ report { imported other { rows } } }'), 'rows')).toBe(false);
    expect(selectsField(infoOf('{ report { ...F } } fragment F on ReportSummary { ...F imported }'), 'rows')).toBe(false);
  });
});
