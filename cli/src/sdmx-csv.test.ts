import { Readable } from 'node:stream';
import { type CsvObservation, type CsvProblem, csvLine, readObservations } from './sdmx-csv';

const HEADER = 'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE\n';

async function read(input: string | Readable) {
  const rows: CsvObservation[] = [];
  const problems: CsvProblem[] = [];
  for await (const r of readObservations(input)) ('reason' in r ? problems : rows).push(r as never);
  return { rows, problems };
}

describe('SDMX-CSV observation files', () => {
  it('should read one observation per row with its line number and pillar', async () => {
    const { rows, problems } = await read(`${HEADER}IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2022,98.9,A,"article, 002"\n`);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ line: 2, pillar: 'economy', input: { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2022', value: 98.9, status: 'A', source: 'article, 002' } }]);
  });

  it('should reject a non-finite or non-numeric value naming the line and column', async () => {
    const { rows, problems } = await read(`${HEADER}IOC:ECONOMY(1.0),X,19,2022,NaN,,\nIOC:ECONOMY(1.0),X,19,2022,Infinity,,\nIOC:ECONOMY(1.0),X,19,2022,12abc,,\n`);
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.field])).toEqual([[2, 'OBS_VALUE'], [3, 'OBS_VALUE'], [4, 'OBS_VALUE']]);
    expect(problems[0].reason).toBe('line 2: OBS_VALUE "NaN" is not a number [E_VALUE_FORMAT]');
  });

  it('should refuse a value written with a decimal comma or dot-grouped thousands, saying so', async () => {
    const { rows, problems } = await read(
      `${HEADER}IOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2020,"6,7",,\nIOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2021,1.234.567,,\nIOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,19,2022,2.000,,\n`,
    );
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[0].reason).toMatch(/line 2: OBS_VALUE "6,7" is written with a comma.*\[E_DECIMAL_COMMA\]/);
    expect(problems[1].reason).toMatch(/thousands separated by dots.*\[E_DECIMAL_COMMA\]/);
  });


  it('should refuse a status other than A, P or E as its own row, keeping its neighbours', async () => {
    const { rows, problems } = await read(
      `${HEADER}IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2020,1,A,\nIOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2021,2,X,\nIOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2022,3,a,\nIOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2023,4,,\n`,
    );
    expect(rows.map((r) => [r.line, r.input.status])).toEqual([[2, 'A'], [5, undefined]]);
    expect(problems.map((p) => [p.line, p.field])).toEqual([[3, 'OBS_STATUS'], [4, 'OBS_STATUS']]);
    expect(problems[0].reason).toBe('line 3: OBS_STATUS must be A, P or E, got "X" [E_STATUS]');
  });

  it('should keep the line a record starts on across quoted newlines and blank lines, with LF or CRLF', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = `${HEADER}IOC:ECONOMY(1.0),A,19,2022,1,,"x${eol}y"${eol}${eol}IOC:ECONOMY(1.0),B,19,2022,2,,${eol}IOC:ECONOMY(1.0),,19,2022,3,,${eol}`.replace(/\n/, eol);
      const { rows, problems } = await read(text);
      expect(rows.map((r) => [r.line, r.input.indicatorCode])).toEqual([[2, 'A'], [5, 'B']]);
      expect(problems).toEqual([{ line: 6, field: 'INDICATOR', reason: 'line 6: INDICATOR is empty' }]);
    }
  });

  it('should stream a file in chunks that split records and characters', async () => {
    const text = `\uFEFF${HEADER}${Array.from({ length: 500 }, (_, i) => `IOC:SOCIETY(1.0),SOC_X,19,${2000 + (i % 20)},${i},E,"Sở, ${i}"`).join('\n')}\n`;
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const { rows, problems } = await read(Readable.from(chunks));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(500);
    expect(rows[499]).toEqual({ line: 501, pillar: 'society', input: { indicatorCode: 'SOC_X', unitCode: '19', period: '2019', value: 499, status: 'E', source: 'Sở, 499' } });
  });

  it('should name line 1 when the header lacks a column, and say when the file is empty', async () => {
    await expect(read('DATAFLOW,INDICATOR\nIOC:ECONOMY(1.0),X\n')).rejects.toThrow('line 1: the header lacks REF_AREA, TIME_PERIOD, OBS_VALUE');
    await expect(read('')).rejects.toThrow(/the file is empty/);
  });

  it('should name the line of an unclosed quote', async () => {
    await expect(read(`${HEADER}IOC:ECONOMY(1.0),X,19,2022,1,,ok\nIOC:ECONOMY(1.0),"X,19,2022,1,,\n`)).rejects.toThrow(/^line \d+: not valid CSV/);
  });

  it('should quote what needs quoting when writing', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 1.5])).toBe('a,"b,c","say ""hi""",,1.5\n');
  });
});
