import { csvLine, parseCsv, readObservations } from './sdmx-csv';

const HEADER = 'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE\n';

describe('SDMX-CSV observation files', () => {
  it('should read one observation per row with its line number and pillar', () => {
    const { rows, problems } = readObservations(`${HEADER}IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2022,98.9,A,"article, 002"\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ line: 2, pillar: 'economy', input: { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2022', value: 98.9, status: 'A', source: 'article, 002' } }]);
  });

  it('should reject a non-finite or non-numeric value naming the line and column', () => {
    const { rows, problems } = readObservations(`${HEADER}IOC:ECONOMY(1.0),X,19,2022,NaN,,\nIOC:ECONOMY(1.0),X,19,2022,Infinity,,\nIOC:ECONOMY(1.0),X,19,2022,12abc,,\n`);
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.field])).toEqual([[2, 'OBS_VALUE'], [3, 'OBS_VALUE'], [4, 'OBS_VALUE']]);
    expect(problems[0].reason).toBe('line 2: OBS_VALUE "NaN" is not a number [E_VALUE_FORMAT]');
  });

  it('should refuse a value written with a decimal comma or dot-grouped thousands, saying so', () => {
    const { rows, problems } = readObservations(
      `${HEADER}IOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2020,"6,7",,\nIOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2021,1.234.567,,\nIOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2022,2.000,,\n`,
    );
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[0].reason).toMatch(/line 2: OBS_VALUE "6,7" is written with a comma.*\[E_DECIMAL_COMMA\]/);
    expect(problems[1].reason).toMatch(/thousands separated by dots.*\[E_DECIMAL_COMMA\]/);
  });

  it('should count lines across quoted newlines and skip blank lines', () => {
    expect(parseCsv('a,b\n"x\ny",1\n\nc,2\n').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('should quote what needs quoting when writing', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 1.5])).toBe('a,"b,c","say ""hi""",,1.5\n');
  });
});
