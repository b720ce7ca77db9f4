#!/usr/bin/env python3
"""Describe an .xlsx workbook as lines of text, read with Python's zipfile and xml.etree alone
(a reader other than the libxlsxwriter that wrote it), for tests/records/run.sh to compare:

    sheet N NAME                  each sheet, in order
    NAME frozen CELL              the top left cell of the frozen pane's lower part
    NAME autofilter RANGE         the range of the sheet's autofilter
    NAME width COL W              a column's width, when set
    NAME CELL text VALUE          a shared or inline string
    NAME CELL number VALUE        a number without a date format
    NAME CELL date FORMAT VALUE   a number with a date format, as YYYY-MM-DD hh:mm:ss
    NAME CELL formula F           a cell with a formula (which the roster never has)
    NAME CELL other T VALUE       anything else (a boolean, an error)

Every part read is parsed as XML, so a control character written raw fails here.
Usage: python3 xlsx.py FILE
"""
import datetime
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    'm': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
    'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
    'rel': 'http://schemas.openxmlformats.org/package/2006/relationships',
}
# The built-in number formats that are dates (ECMA-376 Part 1, 18.8.30).
DATE_IDS = {14: 'm/d/yyyy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM',
            19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yyyy h:mm'}


def text_of(el):
    """The text of a string item (<si> or <is>): its <t>, or its runs' <t> joined."""
    return ''.join(t.text or '' for t in el.iter('{%s}t' % NS['m']))


def main(path):
    out = []
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read('xl/workbook.xml'))
        rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
        targets = {r.get('Id'): r.get('Target') for r in rels.findall('rel:Relationship', NS)}
        shared = []
        if 'xl/sharedStrings.xml' in z.namelist():
            sst = ET.fromstring(z.read('xl/sharedStrings.xml'))
            shared = [text_of(si) for si in sst.findall('m:si', NS)]
        styles = ET.fromstring(z.read('xl/styles.xml'))
        formats = {int(f.get('numFmtId')): f.get('formatCode') for f in styles.findall('m:numFmts/m:numFmt', NS)}
        xfs = [int(xf.get('numFmtId', '0')) for xf in styles.findall('m:cellXfs/m:xf', NS)]

        def date_format(style):
            fid = xfs[style] if style < len(xfs) else 0
            code = formats.get(fid, DATE_IDS.get(fid))
            if code and re.search(r'[ymdhs]', re.sub(r'"[^"]*"|\[[^]]*\]', '', code)):
                return code
            return None

        sheets = book.findall('m:sheets/m:sheet', NS)
        for n, sh in enumerate(sheets, 1):
            out.append('sheet %d %s' % (n, sh.get('name')))
        for sh in sheets:
            name = sh.get('name')
            target = targets[sh.get('{%s}id' % NS['r'])].lstrip('/')
            ws = ET.fromstring(z.read(target if target.startswith('xl/') else 'xl/' + target))
            pane = ws.find('m:sheetViews/m:sheetView/m:pane', NS)
            if pane is not None and pane.get('state') == 'frozen':
                out.append('%s frozen %s' % (name, pane.get('topLeftCell')))
            af = ws.find('m:autoFilter', NS)
            if af is not None:
                out.append('%s autofilter %s' % (name, af.get('ref')))
            for col in ws.findall('m:cols/m:col', NS):
                for i in range(int(col.get('min')), int(col.get('max')) + 1):
                    out.append('%s width %s %s' % (name, letters(i), col.get('width')))
            for c in ws.iter('{%s}c' % NS['m']):
                ref, t = c.get('r'), c.get('t', 'n')
                v = c.find('m:v', NS)
                f = c.find('m:f', NS)
                if f is not None:
                    out.append('%s %s formula %s' % (name, ref, f.text))
                elif t == 's':
                    out.append('%s %s text %s' % (name, ref, shared[int(v.text)]))
                elif t == 'inlineStr':
                    out.append('%s %s text %s' % (name, ref, text_of(c.find('m:is', NS))))
                elif t == 'n' and v is not None:
                    code = date_format(int(c.get('s', '0')))
                    if code:
                        day = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(v.text))
                        day = day.replace(microsecond=0) + datetime.timedelta(seconds=round(day.microsecond / 1e6))
                        out.append('%s %s date %s %s' % (name, ref, code, day.strftime('%Y-%m-%d %H:%M:%S')))
                    else:
                        out.append('%s %s number %s' % (name, ref, v.text))
                elif v is not None:
                    out.append('%s %s other %s %s' % (name, ref, t, v.text))
    sys.stdout.write(''.join(line + '\n' for line in out))


def letters(i):
    s = ''
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.stderr.write('usage: python3 xlsx.py FILE\n')
        sys.exit(2)
    main(sys.argv[1])
