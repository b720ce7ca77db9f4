/*
 * The records reader of "kenshu records merge": the input is a branch's CSV or JSON export
 * (first byte even) or the staff list given with --staff (odd), merged into a roster, an
 * HTML report and a workbook.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "roster.h"

static const uint8_t export_csv[] =
	"type,site,course,item,title,version,attempt,score,max,pass,result,date,recorded,build,"
	"integrity,learner.employee_id,learner.name,learner.branch\n"
	"quiz,s,c,basics,基本,,1,8,10,80,passed,2026-04-01,2026-04-01T10:00:00Z,b1,x,1001,山田,本社\n";
static const uint8_t staff_csv[] = "社員番号,氏名,所属\n1001,山田,本社\n1002,佐藤,大阪支店\n";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_enter_project(argc, argv);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = {"merge", "export", "-o", "roster.csv", "--html", "report.html", "--xlsx",
		"roster.xlsx", "--staff", "staff.csv", NULL};
	int status;
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		fuzz_put("export", NULL, export_csv, sizeof export_csv - 1);
		fuzz_put("staff.csv", NULL, data + 1, size - 1);
	} else {
		fuzz_put("export", NULL, data + 1, size - 1);
		fuzz_put("staff.csv", NULL, staff_csv, sizeof staff_csv - 1);
	}
	status = roster_command(10, argv);
	if (status != 0 && status != 1)
		abort();
	return 0;
}
