/*
 * roster: "kenshu records merge", HQ's side of the training records. It reads the CSV and
 * JSON exports of the records page (assets/records.js) from any number of branches, checks
 * every row and reports each bad one at "file:line: error: ..." (the CSV line where the row
 * starts; for JSON the line of the record's object) while keeping the good ones, drops
 * duplicates (same site, type, quiz or document, learner, date and recorded time), and
 * writes one roster CSV in the export's own format (so a roster can be merged again) and,
 * on request, the HTML report (report.c), with a staff list (CSV with a header line, then
 * employee id, name, branch) read here, and an Excel workbook (xlsx.c) of the roster and of
 * who has not passed. The outputs are in one language: --lang's, else that of the exports
 * that name one, else Japanese.
 *
 * The export format (the contract with records.js, whose words export.h gives): a UTF-8 CSV,
 * BOM optional, CRLF or LF, whose header names the columns type, site, course, item, title,
 * version, attempt, score, max, pass, result, date, recorded, build, integrity (any order)
 * plus one for each site.yaml learner field, all in the words of one language (種別, サイト,
 * ..., 氏名, "部署 (section)"; its fixed values too: テスト, 合格, ...) or, as sites before
 * wrote them, in the machine names (learner.<field id>); or JSON, an array of records or
 * {"lang": ..., "records": [...]}, each record as kept in the browser (see quiz.js and
 * forms.js). The learner is identified by learner.employee_id, else learner.id, else
 * learner.name; learner.branch is the branch. A learner field id is a-z, 0-9, '-' and '_'
 * as in site.yaml (it becomes a roster column). A cell ="01234" (digits Excel would change,
 * written so for it) is read as 01234. Input that is not UTF-8 (Excel's default Shift_JIS
 * CSV) is refused with a hint.
 *
 * Tests are told apart by (site, quiz id) and acknowledgements by (site, document id,
 * version): two courses may both have quizzes/basics.yaml. The title a test is shown with is
 * the one most of its records carry (the first in byte order on a tie), never whichever came
 * first; another title is a warning at its first record.
 *
 * The exports are untrusted (they pass through learners' hands): roster.c states a limit for
 * everything that could grow (file size, cell length, learner fields, records, tests), and
 * any input quoted in a message is cut short with its control characters escaped. Outputs
 * are checked before anything is read (none may be an input, the staff list or another
 * output) and written to a temporary file renamed over the old one, so a failure leaves it
 * whole.
 *
 * The files are read by csv.c and json_read.c; what their rows and values mean is decided
 * here. The report is report.c's, from the merged records handed to it.
 */
#ifndef KENSHU_ROSTER_H
#define KENSHU_ROSTER_H

#include "util.h"

struct json_value;

/*
 * Run "kenshu records ARGS..." (argv[0] is the subcommand, "merge"). Returns the exit
 * status: 0, 1 when a row or file was rejected, 2 usage, 3 I/O.
 */
int roster_command(int argc, char **argv);

enum roster_view { ROSTER_HTML, ROSTER_CSV, ROSTER_XLSX };

/*
 * What "kenshu serve"'s admin view shows of the records it keeps: the len bytes of text, a
 * JSON export called name in messages, merged as "kenshu records merge" merges a file, with
 * the staff list at staff_path (NULL for none), in the language lang (NULL: the export's, else
 * Japanese), appended to out as the report (with links to the two downloads beside it), the
 * roster CSV or the workbook (made in a folder of its own under tmpdir, then removed). 0, or
 * -1. The merge's reports about rows (which quote records) are not printed.
 */
int roster_view(const char *name, const char *text, size_t len, const char *staff_path,
	const char *lang, enum roster_view view, const char *tmpdir, struct buf *out);

/*
 * Check the record o (a JSON value as a page keeps and sends it) by the rules a record of a
 * JSON export is checked by in a merge: 0, or -1 with what is wrong in msg (in the user's
 * language) and *line the line of the text where it is. Nothing is reported.
 */
int roster_check_json(const struct json_value *o, struct buf *msg, int *line);

#endif
