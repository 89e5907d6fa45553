import { describe, expect, it } from 'vitest';
import { csvCell, csvNumber, encodeCsv } from '../../src/services/export';

describe('CSV cells a spreadsheet could run', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['\ncmd', `"'\ncmd"`],
    ['＝1+1', "'＝1+1"],
    ['＋1+1', "'＋1+1"],
    ['－1+1', "'－1+1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
    // Text is text, even when it reads like a number.
    ['-1200', "'-1200"],
    ['+81 3 1234', "'+81 3 1234"],
  ])('neutralises text %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('leaves ordinary text alone, quoting only what CSV needs', () => {
    expect(csvCell('カフェ 渋谷')).toBe('カフェ 渋谷');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('1+1=2')).toBe('1+1=2');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell(null)).toBe('');
  });

  it('keeps numbers in number columns numbers, negative ones too', () => {
    expect(csvCell(csvNumber('-1200'))).toBe('-1200');
    expect(csvCell(csvNumber('1200.50'))).toBe('1200.50');
    expect(csvCell(csvNumber('0'))).toBe('0');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(csvNumber(null))).toBe('');
    // A number column holding something else is neutralised like text.
    expect(csvCell(csvNumber('-1+2'))).toBe("'-1+2");
    expect(csvCell(csvNumber('=1'))).toBe("'=1");
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes whole files, UTF-8 with BOM or Shift_JIS, with every cell through the same rule', () => {
    const lines = [['description', 'amount'], ['＝WEBSERVICE("x")', csvNumber('-1200')], ['-1200', csvNumber('300')]];
    expect(new TextDecoder().decode(encodeCsv(lines, 'utf-8'))).toBe(`description,amount\r\n"'＝WEBSERVICE(""x"")",-1200\r\n'-1200,300\r\n`);
    expect(new TextDecoder('shift_jis').decode(encodeCsv(lines, 'shift_jis'))).toContain(`"'＝WEBSERVICE(""x"")",-1200`);
  });
});
