/*
 * gencorpus: writes the benchmark corpus, one course twice over: as a kenshu project
 * (OUTDIR/kenshu) and as an equivalent Hugo site (OUTDIR/hugo), so `make bench` can time both
 * generators on the same Markdown.
 *
 *     gencorpus OUTDIR NLESSONS [NTERMS [NQUIZZES]]
 *
 * Lessons come 20 to a module. Each body is 5-10 KB of Japanese Markdown assembled from the
 * vocabulary below: headings, paragraphs, lists, a table, emphasis, code spans, organisation
 * variables and links to other lessons (some to a heading). NTERMS glossary terms go to
 * content/glossary.yaml (and to a glossary page on the Hugo side); the default, 1,000, is
 * the real terms of the vocabulary and made-up katakana terms after them, so that
 * `make bench` times the glossary's linking at the size of a large course.
 *
 * NQUIZZES competence tests (kind: test) go to quizzes/q001.yaml... : ten questions each,
 * single, multiple and truefalse, every one with an explanation, so the course builds with no
 * warning under --strict. Lesson i names quiz i mod NQUIZZES in its front matter (a quiz may
 * be named by any number of lessons; its page lists them). On the Hugo side each quiz is a
 * content page, content/quizzes/q001.md, with the questions and choices as Markdown lists,
 * and each lesson links to its quiz. The default is 0, no quizzes: tests/hostile/run.sh
 * copies only content/ and site.yaml out of a corpus, and lessons naming quizzes that are
 * not there would not build; `make bench` asks for 200.
 *
 * Everything is drawn from a fixed-seed PRNG seeded per lesson, so the output is the same on
 * every run and any lesson's headings can be recomputed when another lesson links to them.
 * Only libc (and POSIX mkdir) is used.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define LESSONS_PER_MODULE 20
#define DEFAULT_TERMS 1000
#define DEFAULT_QUIZZES 0
#define ORG_NAME "株式会社ベンチ"
#define ORG_OFFICER "佐藤 花子"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Vocabulary. In sentences, @ORG@ and @SO@ stand for the organisation's name and security
 * officer: a {{org.*}} variable for kenshu, the literal value for Hugo.
 */
static const char *const sentences[] = {
	"パスワードは長さが何より大切で、**12文字以上**を目安に、推測されにくい言葉を組み合わせて作ります。",
	"誕生日や電話番号、社員番号のように他人が調べられる情報は、パスワードに使わないでください。",
	"同じパスワードを複数のサービスで使い回すと、一か所から漏れただけで他のアカウントまで乗っ取られます。",
	"パスワードを付せんに書いてモニターに貼るのはやめ、会社が認めたパスワード管理ツールに保存しましょう。",
	"初期パスワードのまま使われている機器は攻撃者に狙われやすいので、設置したその日に変更します。",
	"パスワードを電話やメールで尋ねられても、@ORG@の担当者がそれを聞くことは決してありません。",
	"OSやソフトウェアの更新には、見つかった弱点をふさぐ修正が含まれているため、通知が来たら早めに適用します。",
	"サポートが終了したOSには修正が提供されないので、業務用のパソコンでは使い続けないでください。",
	"更新後の再起動を先延ばしにすると、その間ずっと古い弱点が残ったままになります。",
	"ルーターや複合機のような機器にもファームウェアの更新があり、定期的な確認が必要です。",
	"スマートフォンのアプリも公式ストアから入手し、常に最新の状態に保ちます。",
	"フィッシングメールは、実在する会社や取引先を装って、偽のログイン画面に誘導してきます。",
	"「至急」や「アカウント停止」といった言葉で急がせるメールほど、一度手を止めて確認することが大切です。",
	"差出人の表示名は簡単に偽装できるため、実際のメールアドレスとリンク先のドメインを確かめます。",
	"心当たりのない添付ファイルは開かず、`.zip` や `.exe` で終わるものには特に注意してください。",
	"怪しいと感じたメールは削除する前に、@SO@さんに転送して判断を仰ぎましょう。",
	"取引先からの振込先変更の依頼は、メールではなく、以前から知っている電話番号にかけて確認します。",
	"リンクにマウスを重ねると、表示されている文字と実際の行き先が違うことに気付ける場合があります。",
	"ランサムウェアに感染してもデータを取り戻せるよう、重要なファイルは定期的にバックアップします。",
	"バックアップは、常につながっている場所とは別に、切り離した媒体にも保管しておくと安心です。",
	"バックアップを取るだけでなく、実際に復元できるかどうかを年に数回は試しておきましょう。",
	"**3-2-1ルール**は、三つのコピーを二種類の媒体に保存し、そのうち一つを別の場所に置く考え方です。",
	"多要素認証を設定しておけば、パスワードが盗まれても第三者はすぐにはログインできません。",
	"認証アプリに届いた確認要求に心当たりがなければ、承認せずに@SO@さんへ報告します。",
	"多要素認証の予備コードは、パスワードとは別の安全な場所に保管しておきます。",
	"マルウェアは、メールの添付ファイルや改ざんされたウェブサイト、USBメモリなどから入り込みます。",
	"ウイルス対策ソフトは常に有効にし、定義ファイルが自動で更新されていることを確認してください。",
	"画面に突然「ウイルスに感染しました」と表示されても、表示された番号には電話をかけないでください。",
	"出どころの分からないUSBメモリは、好奇心から差し込まず、そのまま管理者に届けます。",
	"ノートパソコンを社外に持ち出すときは、ディスクの暗号化と画面ロックが設定されているかを確かめます。",
	"電車や飲食店で画面を開くときは、のぞき見防止フィルターを使い、周囲の視線に気を配ります。",
	"離席するときは、短い時間でも `Windows` キーと `L` キーで画面をロックする習慣をつけましょう。",
	"端末を紛失したら、気付いた時点ですぐに@SO@さんへ連絡し、遠隔でのロックや消去を依頼します。",
	"私物のスマートフォンで業務データを扱うときは、@ORG@が定めた利用ルールに従ってください。",
	"公衆無線LANでは通信をのぞかれるおそれがあるため、業務の重要なやり取りには使いません。",
	"社内の無線LANには、推測されにくい暗号化キーと `WPA2` 以上の方式を設定します。",
	"クラウドサービスの共有設定を「リンクを知っている全員」にすると、意図しない相手にも見られてしまいます。",
	"クラウドに保存したファイルの共有範囲は、プロジェクトが終わったら見直して、不要な権限を外します。",
	"新しいクラウドサービスを業務で使う前に、@ORG@の承認手順に沿って申請してください。",
	"メールを送る前に宛先をもう一度見直し、社外の宛先が混ざっていないことを確かめてから送信します。",
	"多数の社外の相手に一斉送信するときは **BCC** を使い、お互いのアドレスが見えないようにします。",
	"個人情報を含むファイルを送るときは社内で定めた方法で保護し、解除の方法は別の経路で伝えます。",
	"SNSに写真を投稿するときは、背景に顧客名や社内の資料が写り込んでいないかを確認します。",
	"業務で知った情報は、たとえ鍵付きのアカウントであっても投稿しないのが原則です。",
	"来訪者には受付で名前を記入してもらい、執務室の中では社員が付き添うようにします。",
	"机の上に書類を出したまま帰らず、退社時には引き出しやキャビネットに鍵をかけます。",
	"不要になった書類はシュレッダーにかけ、記録媒体は決められた手順で確実に消去してから廃棄します。",
	"「おかしいな」と感じたら、自分だけで解決しようとせず、まず@SO@さんに報告することが一番の近道です。",
	"報告が早いほど被害の広がりを抑えられるので、ミスを責めるよりも早く知らせることを大切にしています。",
	"感染が疑われるパソコンは電源を切らずにネットワークから外し、そのままの状態で指示を待ちます。",
	"報告するときは、いつ、何をして、どのような画面や症状が出たのかをメモしておくと調査が早く進みます。",
	"退職や異動があったときは、不要になったアカウントとアクセス権をすぐに削除します。",
	"共有アカウントでは誰が操作したのか分からなくなるため、できるだけ一人ひとりにアカウントを発行します。",
	"管理者権限は日常の作業では使わず、必要なときだけ使う別のアカウントを用意します。",
	"情報セキュリティは特別な技術よりも、毎日の小さな習慣の積み重ねによって守られます。",
	"「うちは小さい会社だから狙われない」という考えは誤りで、取引先を攻撃する足がかりとして狙われることがあります。",
	"@ORG@では、年に一度この研修を受講し、理解度確認テストに合格することを全員にお願いしています。",
	"迷ったときは社内のルールを確認するか、@SO@さんに相談してから行動してください。",
	"一人の油断が会社全体の信用に関わることを意識して、身近なところから対策を始めましょう。",
	"セキュリティ対策は一度決めたら終わりではなく、状況の変化に合わせて定期的に見直します。",
	"取引先から預かった情報も、自社の情報と同じか、それ以上に慎重に扱う必要があります。",
	"操作のログを残しておくと、問題が起きたときに原因を調べる手がかりになります。",
	"業務に関係のないソフトウェアは勝手にインストールせず、必要な場合は事前に申請します。",
	"重要なデータを扱う部屋やサーバーに入れる人は、必要最小限に限定します。",
	"標的型攻撃では、相手の業務内容を調べたうえで、自然に見える件名のメールが送られてきます。",
	"ブラウザーに保存したパスワードは、端末を共有している人にも見られる場合があることを覚えておきましょう。",
};

static const char *const bullets[] = {
	"パスワードを12文字以上にする",
	"同じパスワードを使い回さない",
	"多要素認証を有効にする",
	"更新の通知を放置しない",
	"不審なメールのリンクを開かない",
	"添付ファイルの拡張子を確認する",
	"離席するときは画面をロックする",
	"重要なデータをバックアップする",
	"私物のUSBメモリを業務で使わない",
	"公衆無線LANで機密情報を扱わない",
	"クラウドの共有リンクの範囲を確認する",
	"送信する前に宛先を見直す",
	"書類を机の上に放置しない",
	"異常に気付いたらすぐに報告する",
	"退職者のアカウントを削除する",
	"ウイルス対策ソフトを有効にしておく",
	"来訪者には社員が付き添う",
	"SNSに業務の情報を書き込まない",
	"不要な書類はシュレッダーにかける",
	"**管理者権限**を日常の作業で使わない",
	"`http://` で始まる入力画面に個人情報を入力しない",
};

static const char *const steps[] = {
	"画面に表示された内容を写真かメモで記録する",
	"ネットワークケーブルを抜くか、無線LANを切る",
	"@SO@さんに電話で連絡する",
	"指示があるまでパソコンの電源を入れたままにする",
	"いつ、何をしていたかを時系列で書き出す",
	"関係する取引先への連絡は担当者の指示に従って行う",
	"設定画面を開き、`セキュリティ` の項目を選ぶ",
	"新しいパスワードを入力し、確認のためにもう一度入力する",
	"認証アプリで表示された6桁のコードを入力する",
	"予備コードを印刷し、鍵のかかる場所に保管する",
	"バックアップから一つのファイルを選んで復元してみる",
	"復元したファイルが開けることを確かめ、結果を記録する",
};

/* Table rows: measure, owner, frequency. */
static const char *const table_rows[][3] = {
	{"OSとソフトウェアの更新", "各自", "通知があったらすぐ"},
	{"バックアップの取得", "システム担当", "毎日"},
	{"バックアップからの復元テスト", "システム担当", "半年に一度"},
	{"アカウントの棚卸し", "@SO@さん", "四半期ごと"},
	{"パスワード管理ツールの確認", "各自", "毎月"},
	{"ウイルス対策ソフトの動作確認", "各自", "毎週"},
	{"共有リンクの見直し", "プロジェクト担当", "プロジェクト終了時"},
	{"ルーターのファームウェア確認", "システム担当", "毎月"},
	{"この研修の受講", "全員", "年に一度"},
	{"入退室記録の確認", "総務", "毎月"},
	{"持ち出し端末の台帳確認", "総務", "四半期ごと"},
	{"`WPA2` 以上の暗号化の確認", "システム担当", "設定変更時"},
};

/* Level-2 headings: kana and kanji only, so their id is the text itself and links can name it. */
static const char *const h2s[] = {
	"なぜ大切なのか", "よくある手口", "職場での対策", "具体的な手順", "起きてしまったときの対応",
	"被害の例", "確認しておきたいこと", "毎日の習慣", "管理者がすること", "社外で気を付けること",
	"周りの人と協力する", "迷ったときの考え方", "見落としやすい点", "守るべき決まり",
	"事例から学ぶ", "自宅で働くときの注意",
};

/* Level-3 headings may hold spaces, Latin letters and punctuation; nothing links to them. */
static const char *const h3s[] = {
	"ポイント 1：まず確認する", "ポイント 2：記録を残す", "具体例：営業部の場合", "具体例：経理部の場合",
	"やってみよう", "チェックリスト", "よくある質問（Q&A）", "補足", "注意点", "なぜ効果があるのか",
	"在宅勤務の場合", "スマートフォンの場合", "小さな会社でもできること", "PCの設定", "参考",
};

static const char *const callouts[] = {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"};

static const char *const topics[] = {
	"パスワード管理", "ソフトウェアの更新", "フィッシング対策", "バックアップ", "多要素認証",
	"マルウェア対策", "端末の持ち出し", "無線LANの利用", "クラウドサービス", "メールの誤送信",
	"SNSの利用", "物理的な対策", "インシデント報告", "アカウント管理", "取引先との情報共有",
};

static const char *const aspects[LESSONS_PER_MODULE] = {
	"基本を知る", "なぜ必要か", "よくある失敗", "職場のルール", "具体的な手順", "事例に学ぶ",
	"管理者の視点", "新入社員向けの要点", "在宅勤務での注意", "外出先での注意", "チェックリスト",
	"確認テストの準備", "周囲への声かけ", "見直しのタイミング", "記録の残し方", "困ったときの相談先",
	"よくある質問", "応用編", "振り返り", "総まとめ",
};

static const char *const objectives[] = {
	"この分野の危険を自分の言葉で説明できる", "職場で実践する対策を三つ挙げられる",
	"不審な兆候に気付いて報告できる", "社内のルールに沿って行動できる",
	"同僚に注意点を伝えられる", "被害を受けたときの初動を説明できる",
	"日常業務の中で確認すべき点を挙げられる", "管理者に相談すべき場面を判断できる",
};

/* Quizzes: bad habits (the wrong choices, and the false statements of truefalse questions). */
static const char *const bad_habits[] = {
	"パスワードを付せんに書いてモニターに貼る",
	"同じパスワードを複数のサービスで使い回す",
	"更新の通知を何か月も放置する",
	"知らない差出人の添付ファイルをすぐに開く",
	"共有リンクを「リンクを知っている全員」に設定したままにする",
	"退職者のアカウントをそのまま残しておく",
	"拾ったUSBメモリを業務用のパソコンに差し込む",
	"公衆無線LANで取引先との契約書をやり取りする",
	"不審なメールを誰にも言わずに削除する",
	"管理者権限のアカウントで毎日の作業をする",
	"書類を机の上に出したまま帰る",
	"画面をロックせずに席を離れる",
	"メールで届いた振込先の変更にそのまま応じる",
	"感染が疑われるパソコンの電源をすぐに切る",
	"ウイルス対策ソフトを動作が遅いからと止める",
	"心当たりのない多要素認証の通知を承認する",
};

/* Single-choice prompts; %s is the quiz's topic. */
static const char *const single_prompts[] = {
	"%sについて、職場で取るべき行動として最も適切なものはどれですか。",
	"%sの観点から、次のうち正しい心がけはどれですか。",
	"次のうち、%sのために社員一人ひとりが実践すべきことはどれですか。",
	"%sに関して、担当者から勧められている行動はどれですか。",
};

static const char *const multiple_prompts[] = {
	"%sについて、職場で実践すべきことをすべて選んでください。",
	"%sの観点から、適切な行動をすべて選んでください。",
	"次のうち、%sのために役立つ習慣をすべて選んでください。",
};

static const char *const wrong_feedback[] = {
	"この行動は情報漏えいや感染のきっかけになります。",
	"手軽ですが、攻撃者に付け入る隙を与えてしまいます。",
	"社内のルールでは認められていない行動です。",
};

struct term {
	const char *term, *reading, *en, *definition;
	const char *see[2];
};

/* Real glossary terms, all of which occur in the sentences above. */
static const struct term real_terms[] = {
	{"パスワード", "ぱすわーど", "password", "本人であることを確かめるために使う、本人だけが知っている文字列。", {"多要素認証", "パスワード管理ツール"}},
	{"パスワード管理ツール", "ぱすわーどかんりつーる", "password manager", "多数のパスワードを暗号化して保存し、自動入力してくれるソフトウェア。", {"パスワード", NULL}},
	{"多要素認証", "たようそにんしょう", "multi-factor authentication", "パスワードに加えて、スマートフォンなど別の要素でも本人確認を行う仕組み。", {"パスワード", "認証アプリ"}},
	{"認証アプリ", "にんしょうあぷり", "authenticator app", "多要素認証で使う確認コードを表示したり、ログインを承認したりするアプリ。", {"多要素認証", NULL}},
	{"フィッシング", "ふぃっしんぐ", "phishing", "実在する組織を装ったメールや偽サイトで、IDやパスワードをだまし取る手口。", {"標的型攻撃", NULL}},
	{"標的型攻撃", "ひょうてきがたこうげき", "targeted attack", "特定の組織を狙い、業務に見せかけたメールなどで侵入を試みる攻撃。", {"フィッシング", "マルウェア"}},
	{"ランサムウェア", "らんさむうぇあ", "ransomware", "データを暗号化して使えなくし、元に戻す代わりに金銭を要求する不正プログラム。", {"マルウェア", "バックアップ"}},
	{"マルウェア", "まるうぇあ", "malware", "コンピューターに害を与える目的で作られた不正なプログラムの総称。", {"ウイルス対策ソフト", NULL}},
	{"ウイルス対策ソフト", "ういるすたいさくそふと", "antivirus software", "マルウェアを見つけて隔離や駆除を行うソフトウェア。", {"マルウェア", NULL}},
	{"バックアップ", "ばっくあっぷ", "backup", "データの複製を別の場所に保存しておき、失ったときに復元できるようにすること。", {"ランサムウェア", NULL}},
	{"ファームウェア", "ふぁーむうぇあ", "firmware", "ルーターや複合機などの機器に組み込まれ、機器を動かしているソフトウェア。", {NULL, NULL}},
	{"公衆無線LAN", "こうしゅうむせんらん", "public Wi-Fi", "駅や飲食店などで誰でも使えるように提供されている無線LAN。", {"暗号化", NULL}},
	{"暗号化", "あんごうか", "encryption", "鍵を持つ人以外には読めないようにデータを変換すること。", {NULL, NULL}},
	{"クラウドサービス", "くらうどさーびす", "cloud service", "インターネット経由で利用する、データの保存や業務アプリなどのサービス。", {"アクセス権", NULL}},
	{"アクセス権", "あくせすけん", "access rights", "ファイルやシステムを誰がどこまで利用できるかを定めた権限。", {"管理者権限", NULL}},
	{"管理者権限", "かんりしゃけんげん", "administrator privileges", "ソフトウェアのインストールや設定変更など、システム全体に関わる操作ができる権限。", {"アクセス権", NULL}},
	{"共有アカウント", "きょうゆうあかうんと", "shared account", "複数の人が同じIDとパスワードで使うアカウント。", {"アカウント", NULL}},
	{"アカウント", "あかうんと", "account", "システムやサービスを利用するための利用者ごとの権利と、その識別情報。", {"パスワード", NULL}},
	{"個人情報", "こじんじょうほう", "personal information", "氏名や生年月日など、特定の個人を識別できる情報。", {NULL, NULL}},
	{"ログ", "ろぐ", "log", "システムの操作や通信の記録。問題が起きたときの調査に使う。", {NULL, NULL}},
	{"USBメモリ", "ゆーえすびーめもり", "USB flash drive", "パソコンのUSB端子に差し込んで使う小型の記録媒体。", {"マルウェア", NULL}},
	{"シュレッダー", "しゅれっだー", "shredder", "書類を細かく裁断して読めなくする機器。", {NULL, NULL}},
	{"ドメイン", "どめいん", "domain", "メールアドレスやURLのうち、組織やサービスを表す部分。", {"フィッシング", NULL}},
	{"SNS", "えすえぬえす", "social networking service", "利用者同士が投稿を通じて交流するインターネット上のサービス。", {NULL, NULL}},
};

struct rng {
	uint64_t s;
};

/* splitmix64: tiny, fast and the same on every platform. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

static struct rng
rng_for(unsigned lesson, unsigned salt)
{
	struct rng r = {UINT64_C(0x6B656E736875) ^ ((uint64_t)lesson << 20) ^ salt};

	rng_next(&r);
	return r;
}

static void
shuffle(struct rng *r, unsigned *a, unsigned n)
{
	for (unsigned i = n; i > 1; i--) {
		unsigned j = rng_below(r, i), t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
}

struct buf {
	char *data;
	size_t len, cap;
};

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gencorpus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;

		while (b->len + n + 1 > cap)
			cap *= 2;
		b->data = realloc(b->data, cap);
		if (!b->data)
			die("out of memory");
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof small)
		die("internal: formatted text too long");
	buf_put(b, small, (size_t)n);
}

enum target { KENSHU, HUGO };

/* Copy vocabulary text, expanding @ORG@ and @SO@ for the target. */
static void
put_text(struct buf *b, const char *s, enum target t)
{
	static const struct {
		const char *mark, *var, *value;
	} subs[] = {
		{"@ORG@", "{{org.name}}", ORG_NAME},
		{"@SO@", "{{org.security_officer}}", ORG_OFFICER},
	};

	while (*s) {
		const char *at = strchr(s, '@');
		size_t i;

		if (!at) {
			buf_puts(b, s);
			return;
		}
		buf_put(b, s, (size_t)(at - s));
		for (i = 0; i < NELEM(subs); i++) {
			size_t n = strlen(subs[i].mark);

			if (strncmp(at, subs[i].mark, n) == 0) {
				buf_puts(b, t == KENSHU ? subs[i].var : subs[i].value);
				s = at + n;
				break;
			}
		}
		if (i == NELEM(subs)) {
			buf_put(b, "@", 1);
			s = at + 1;
		}
	}
}

struct corpus {
	const char *outdir;
	unsigned nlessons, nmodules, nterms, nquizzes;
	int modwidth, lessonwidth, quizwidth;
	char **term_names, **term_readings; /* nterms each; the first ones are real_terms */
};

static int
digits(unsigned n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* content/lessons/<module dir>/<lesson file>: "01-mod01", "03-lesson0043.md". */
/* v in decimal, zero-padded to width digits (numbers here stay below a million). */
static void
padded(char out[16], unsigned v, int width)
{
	char digits_rev[16];
	int n = 0;

	do {
		digits_rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < 15);
	while (n < width && n < 15)
		digits_rev[n++] = '0';
	for (int i = 0; i < n; i++)
		out[i] = digits_rev[n - 1 - i];
	out[n] = '\0';
}

static void
module_dir(const struct corpus *c, unsigned m, char *out, size_t size)
{
	char num[16];

	padded(num, m + 1, c->modwidth);
	snprintf(out, size, "%s-mod%s", num, num);
}

static void
lesson_file(const struct corpus *c, unsigned idx, char *out, size_t size)
{
	char num[16];

	padded(num, idx + 1, c->lessonwidth);
	snprintf(out, size, "%02u-lesson%s.md", idx % LESSONS_PER_MODULE + 1, num);
}

/* Hugo: content/mod01/lesson0043.md; the order comes from weight. */
static void
hugo_module(const struct corpus *c, unsigned m, char *out, size_t size)
{
	char num[16];

	padded(num, m + 1, c->modwidth);
	snprintf(out, size, "mod%s", num);
}

static void
hugo_lesson(const struct corpus *c, unsigned idx, char *out, size_t size)
{
	char num[16];

	padded(num, idx + 1, c->lessonwidth);
	snprintf(out, size, "lesson%s", num);
}

/* quizzes/q007.yaml for kenshu, content/quizzes/q007.md for Hugo: both named "q007". */
static void
quiz_name(const struct corpus *c, unsigned k, char out[24])
{
	char num[16];

	padded(num, k + 1, c->quizwidth);
	snprintf(out, 24, "q%s", num);
}

static void
lesson_title(unsigned idx, char *out, size_t size)
{
	unsigned m = idx / LESSONS_PER_MODULE;
	unsigned round = m / (unsigned)NELEM(topics);

	if (round == 0)
		snprintf(out, size, "%s：%s", topics[m % NELEM(topics)], aspects[idx % LESSONS_PER_MODULE]);
	else
		snprintf(out, size, "%s：%s その%u", topics[m % NELEM(topics)],
		    aspects[idx % LESSONS_PER_MODULE], round + 1);
}

/* The order of a lesson's level-2 headings; the first one is always used. */
static void
lesson_h2_order(unsigned idx, unsigned order[NELEM(h2s)])
{
	struct rng r = rng_for(idx, 1);

	for (unsigned i = 0; i < NELEM(h2s); i++)
		order[i] = i;
	shuffle(&r, order, (unsigned)NELEM(h2s));
}

static void
put_paragraph(struct buf *b, struct rng *r, unsigned nmin, unsigned nmax, enum target t)
{
	unsigned n = nmin + rng_below(r, nmax - nmin + 1);

	for (unsigned i = 0; i < n; i++)
		put_text(b, sentences[rng_below(r, (unsigned)NELEM(sentences))], t);
}

static void
put_link(struct buf *b, const struct corpus *c, struct rng *r, unsigned self, enum target t)
{
	unsigned to = rng_below(r, c->nlessons - 1);
	int anchor = rng_below(r, 5) < 2;
	char title[256], dir[64], file[64];
	const char *heading = NULL;

	if (to >= self)
		to++;
	if (anchor) {
		unsigned order[NELEM(h2s)];

		lesson_h2_order(to, order);
		heading = h2s[order[0]];
	}
	lesson_title(to, title, sizeof title);
	buf_printf(b, "関連する内容は「[%s](", title);
	if (t == KENSHU) {
		module_dir(c, to / LESSONS_PER_MODULE, dir, sizeof dir);
		lesson_file(c, to, file, sizeof file);
		buf_printf(b, "../%s/%s", dir, file);
	} else {
		hugo_module(c, to / LESSONS_PER_MODULE, dir, sizeof dir);
		hugo_lesson(c, to, file, sizeof file);
		buf_printf(b, "{{< relref \"/%s/%s.md", dir, file);
	}
	if (heading)
		buf_printf(b, "#%s", heading);
	buf_puts(b, t == KENSHU ? ")」" : "\" >}})」");
	buf_puts(b, heading ? "の該当する節で詳しく説明しています。" : "でも扱っています。");
}

static void
put_bullets(struct buf *b, struct rng *r, enum target t)
{
	unsigned idx[NELEM(bullets)], n = 3 + rng_below(r, 4);

	for (unsigned i = 0; i < NELEM(bullets); i++)
		idx[i] = i;
	shuffle(r, idx, (unsigned)NELEM(bullets));
	for (unsigned i = 0; i < n; i++) {
		buf_puts(b, "- ");
		put_text(b, bullets[idx[i]], t);
		buf_puts(b, "\n");
	}
	buf_puts(b, "\n");
}

static void
put_steps(struct buf *b, struct rng *r, enum target t)
{
	unsigned n = 3 + rng_below(r, 3);
	unsigned first = rng_below(r, (unsigned)NELEM(steps) - n + 1);

	for (unsigned i = 0; i < n; i++) {
		buf_printf(b, "%u. ", i + 1);
		put_text(b, steps[first + i], t);
		buf_puts(b, "\n");
	}
	buf_puts(b, "\n");
}

static void
put_table(struct buf *b, struct rng *r, enum target t)
{
	unsigned idx[NELEM(table_rows)], n = 3 + rng_below(r, 3);

	for (unsigned i = 0; i < NELEM(table_rows); i++)
		idx[i] = i;
	shuffle(r, idx, (unsigned)NELEM(table_rows));
	buf_puts(b, "| 対策 | 担当 | 頻度 |\n|---|---|---|\n");
	for (unsigned i = 0; i < n; i++) {
		for (unsigned col = 0; col < 3; col++) {
			buf_puts(b, "| ");
			put_text(b, table_rows[idx[i]][col], t);
			buf_puts(b, " ");
		}
		buf_puts(b, "|\n");
	}
	buf_puts(b, "\n");
}

static void
put_callout(struct buf *b, struct rng *r, enum target t)
{
	buf_printf(b, "> [!%s]\n> ", callouts[rng_below(r, (unsigned)NELEM(callouts))]);
	put_paragraph(b, r, 1, 2, t);
	buf_puts(b, "\n\n");
}

static void
put_cloud_clause(struct buf *b, enum target t)
{
	static const char clause[] = "クラウドサービスにログインするときは、必ず多要素認証を使ってください。";

	if (t == KENSHU)
		buf_printf(b, "{{#org.uses_cloud}}%s{{/org.uses_cloud}}", clause);
	else
		buf_puts(b, clause);
}

/*
 * A lesson body: an introduction, level-2 sections until the body reaches a size drawn
 * between 4.8 and 8.1 KB (each section adds at most about 1.6 KB), then a summary. The first
 * three sections hold a bullet list, a numbered list and a table, in some order.
 */
static void
put_lesson_body(struct buf *b, const struct corpus *c, unsigned idx, enum target t)
{
	struct rng r = rng_for(idx, 2);
	unsigned h2order[NELEM(h2s)], h3order[NELEM(h3s)], kinds[3] = {0, 1, 2};
	unsigned target = 4800 + rng_below(&r, 3300);
	unsigned nlinks = 1 + rng_below(&r, 3), linkat[3];
	unsigned glossary_at = rng_below(&r, 3);
	size_t start = b->len;
	unsigned sec, h3 = 0;

	lesson_h2_order(idx, h2order);
	for (unsigned i = 0; i < NELEM(h3s); i++)
		h3order[i] = i;
	shuffle(&r, h3order, (unsigned)NELEM(h3s));
	shuffle(&r, kinds, 3);
	for (unsigned i = 0; i < 3; i++)
		linkat[i] = rng_below(&r, 3);

	put_text(b, "このレッスンでは、@ORG@の社員として知っておきたい", t);
	buf_printf(b, "**%s**", topics[idx / LESSONS_PER_MODULE % NELEM(topics)]);
	buf_puts(b, "の考え方を学びます。");
	put_paragraph(b, &r, 2, 3, t);
	buf_puts(b, "\n\n");

	for (sec = 0; sec < NELEM(h2s) && (sec < 3 || b->len - start < target); sec++) {
		unsigned kind = sec < 3 ? kinds[sec] : rng_below(&r, 6);

		buf_printf(b, "## %s\n\n", h2s[h2order[sec]]);
		put_paragraph(b, &r, 2, 4, t);
		for (unsigned i = 0; i < nlinks; i++)
			if (linkat[i] == sec)
				put_link(b, c, &r, idx, t);
		if (sec == glossary_at && c->nterms > 0)
			buf_printf(b, "詳しくは用語集の「%s」も参照してください。",
			    c->term_names[rng_below(&r, c->nterms)]);
		if (rng_below(&r, 8) == 0)
			put_cloud_clause(b, t);
		buf_puts(b, "\n\n");
		switch (kind) {
		case 0:
			buf_puts(b, "次の点を心がけましょう。\n\n");
			put_bullets(b, &r, t);
			break;
		case 1:
			buf_puts(b, "手順は次のとおりです。\n\n");
			put_steps(b, &r, t);
			break;
		case 2:
			put_text(b, "@ORG@での主な対策と担当は次の表のとおりです。\n\n", t);
			put_table(b, &r, t);
			break;
		case 3:
			put_callout(b, &r, t);
			break;
		default:
			break;
		}
		if (h3 < NELEM(h3s) && rng_below(&r, 2) == 0) {
			buf_printf(b, "### %s\n\n", h3s[h3order[h3++]]);
			put_paragraph(b, &r, 2, 3, t);
			buf_puts(b, "\n\n");
			if (rng_below(&r, 3) == 0)
				put_bullets(b, &r, t);
		}
	}

	buf_puts(b, "## まとめ\n\n");
	put_paragraph(b, &r, 1, 2, t);
	buf_puts(b, "このページは `Ctrl` + `P` で印刷して、手元で見返すこともできます。分からないことがあれば、");
	put_text(b, "@SO@さんまで気軽に問い合わせてください。\n", t);
}

static void
mkdirs(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof tmp)
		die("path too long: %s", path);
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
				die("cannot create %s: %s", tmp, strerror(errno));
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
}

static unsigned long long total_markdown[2];

static void
write_file(const struct corpus *c, const char *rel, const struct buf *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", c->outdir, rel);
	f = fopen(path, "wb");
	if (!f)
		die("cannot write %s: %s", path, strerror(errno));
	if (fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
	if (strlen(rel) > 3 && strcmp(rel + strlen(rel) - 3, ".md") == 0)
		total_markdown[strncmp(rel, "hugo/", 5) == 0] += b->len;
}

static void
write_lesson(const struct corpus *c, unsigned idx, struct buf *b, enum target t,
    unsigned long long *body_bytes)
{
	struct rng r = rng_for(idx, 3);
	unsigned m = idx / LESSONS_PER_MODULE;
	unsigned o1 = rng_below(&r, (unsigned)NELEM(objectives));
	unsigned o2 = (o1 + 1 + rng_below(&r, (unsigned)NELEM(objectives) - 1)) % NELEM(objectives);
	char title[256], dir[64], file[64], rel[256];
	size_t body;

	lesson_title(idx, title, sizeof title);
	b->len = 0;
	buf_printf(b, "---\ntitle: %s\n", title);
	buf_printf(b, "summary: %sについて、%sという観点から学びます。\n",
	    topics[m % NELEM(topics)], aspects[rng_below(&r, LESSONS_PER_MODULE)]);
	buf_printf(b, "objectives: [%s, %s]\n", objectives[o1], objectives[o2]);
	buf_printf(b, "duration: %u\n", 10 + 5 * rng_below(&r, 5));
	if (c->nquizzes > 0) {
		char name[24];

		quiz_name(c, idx % c->nquizzes, name);
		buf_printf(b, "quiz: %s\n", name);
	}
	if (t == HUGO)
		buf_printf(b, "weight: %u\n", idx % LESSONS_PER_MODULE + 1);
	buf_puts(b, "---\n\n");
	body = b->len;
	put_lesson_body(b, c, idx, t);
	if (t == KENSHU) {
		module_dir(c, m, dir, sizeof dir);
		lesson_file(c, idx, file, sizeof file);
		snprintf(rel, sizeof rel, "kenshu/content/lessons/%s/%s", dir, file);
		*body_bytes = b->len - body;
	} else {
		hugo_module(c, m, dir, sizeof dir);
		hugo_lesson(c, idx, file, sizeof file);
		snprintf(rel, sizeof rel, "hugo/content/%s/%s.md", dir, file);
	}
	write_file(c, rel, b);
}

static void
write_modules(const struct corpus *c, struct buf *b)
{
	for (unsigned m = 0; m < c->nmodules; m++) {
		const char *topic = topics[m % NELEM(topics)];
		unsigned n = c->nlessons - m * LESSONS_PER_MODULE;
		char dir[64], rel[256];

		if (n > LESSONS_PER_MODULE)
			n = LESSONS_PER_MODULE;
		module_dir(c, m, dir, sizeof dir);
		snprintf(rel, sizeof rel, "%s/kenshu/content/lessons/%s", c->outdir, dir);
		mkdirs(rel);
		b->len = 0;
		buf_printf(b, "title: 第%u章 %s\n", m + 1, topic);
		buf_printf(b, "summary: %sに関する%u本のレッスンで、日常業務に必要な知識と行動を身に付けます。\n",
		    topic, n);
		snprintf(rel, sizeof rel, "kenshu/content/lessons/%s/_module.yaml", dir);
		write_file(c, rel, b);

		hugo_module(c, m, dir, sizeof dir);
		snprintf(rel, sizeof rel, "%s/hugo/content/%s", c->outdir, dir);
		mkdirs(rel);
		b->len = 0;
		buf_printf(b, "---\ntitle: 第%u章 %s\n", m + 1, topic);
		buf_printf(b, "summary: %sに関する%u本のレッスンで、日常業務に必要な知識と行動を身に付けます。\n",
		    topic, n);
		buf_printf(b, "weight: %u\n---\n", m + 1);
		snprintf(rel, sizeof rel, "hugo/content/%s/_index.md", dir);
		write_file(c, rel, b);
	}
}

static const char home_body[] =
    "@ORG@の情報セキュリティ研修へようこそ。\n\n"
    "この研修では、パスワードの管理からインシデントの報告まで、日々の業務で必要な情報セキュリティの"
    "基本を章ごとに学びます。左の目次から章を選び、レッスンを順に読み進めてください。\n\n"
    "分からないことがあれば、@SO@さんに問い合わせてください。\n";

static void
write_home(const struct corpus *c, struct buf *b)
{
	b->len = 0;
	buf_puts(b, "---\ntitle: ようこそ\n---\n\n");
	put_text(b, home_body, KENSHU);
	write_file(c, "kenshu/content/index.md", b);

	b->len = 0;
	buf_puts(b, "---\ntitle: ようこそ\n---\n\n");
	put_text(b, home_body, HUGO);
	write_file(c, "hugo/content/_index.md", b);
}

static void
write_site_config(const struct corpus *c, struct buf *b)
{
	b->len = 0;
	buf_puts(b,
	    "title: 情報セキュリティ研修（ベンチマーク）\n"
	    "id: bench-course\n"
	    "lang: ja\n"
	    "organization:\n"
	    "  name: " ORG_NAME "\n"
	    "  president: 山田 太郎\n"
	    "  security_officer: " ORG_OFFICER "\n"
	    "  uses_cloud: true\n");
	write_file(c, "kenshu/site.yaml", b);

	b->len = 0;
	buf_puts(b,
	    "baseURL = \"/\"\n"
	    "title = \"情報セキュリティ研修（ベンチマーク）\"\n"
	    "languageCode = \"ja\"\n"
	    "defaultContentLanguage = \"ja\"\n"
	    "hasCJKLanguage = true\n"
	    "relativeURLs = true\n"
	    "disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n"
	    "enableRobotsTXT = false\n"
	    "\n"
	    "[taxonomies]\n"
	    "\n"
	    "[markup.goldmark.parser]\n"
	    "  autoHeadingIDType = \"github\"\n"
	    "\n"
	    "[markup.tableOfContents]\n"
	    "  startLevel = 2\n"
	    "  endLevel = 3\n"
	    "\n"
	    "[params.organization]\n"
	    "  name = \"" ORG_NAME "\"\n"
	    "  president = \"山田 太郎\"\n"
	    "  security_officer = \"" ORG_OFFICER "\"\n"
	    "  uses_cloud = true\n");
	write_file(c, "hugo/hugo.toml", b);
}

/*
 * The Hugo layout does what kenshu's default theme does on every page: head and title,
 * site header, a nav of all modules with the current module's lessons, breadcrumbs, the
 * table of contents, the content, the link to the lesson's quiz and previous/next links
 * within the module. (Hugo's Pages.Next points up the weight order, towards the previous
 * lesson.)
 */
static const char baseof_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"{{ .Site.LanguageCode }}\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>\n"
    "</head>\n"
    "<body>\n"
    "<header><a href=\"{{ .Site.Home.RelPermalink }}\">{{ .Site.Title }}</a>"
    " <span>{{ .Site.Params.organization.name }}</span></header>\n"
    "<nav aria-label=\"目次\">\n"
    "<ul>\n"
    "{{- $cur := .CurrentSection }}\n"
    "{{- range .Site.Sections }}\n"
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>\n"
    "{{- if eq . $cur }}\n"
    "<ul>\n"
    "{{- range .Pages }}\n"
    "<li><a href=\"{{ .RelPermalink }}\"{{ if eq . $ }} aria-current=\"page\"{{ end }}>{{ .Title }}</a></li>\n"
    "{{- end }}\n"
    "</ul>\n"
    "{{- end }}</li>\n"
    "{{- end }}\n"
    "</ul>\n"
    "</nav>\n"
    "<main>\n"
    "{{- if not .IsHome }}\n"
    "<nav aria-label=\"パンくずリスト\"><ol>\n"
    "{{- range .Ancestors.Reverse }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}\n"
    "<li aria-current=\"page\">{{ .Title }}</li></ol></nav>\n"
    "{{- end }}\n"
    "{{ block \"main\" . }}{{ end }}\n"
    "</main>\n"
    "<footer>{{ .Site.Params.organization.name }}</footer>\n"
    "</body>\n"
    "</html>\n";

static const char single_html[] =
    "{{ define \"main\" }}\n"
    "<article>\n"
    "<h1>{{ .Title }}</h1>\n"
    "{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}\n"
    "{{ with .Params.duration }}<p>所要時間: {{ . }}分</p>{{ end }}\n"
    "{{ with .Params.objectives }}<h2>学習目標</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}\n"
    "<aside>{{ .TableOfContents }}</aside>\n"
    "{{ .Content }}\n"
    "{{ with .Params.quiz }}{{ with site.GetPage (printf \"/quizzes/%s\" .) }}"
    "<p>このレッスンの確認テスト: <a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></p>{{ end }}{{ end }}\n"
    "</article>\n"
    "<nav aria-label=\"前後のレッスン\">\n"
    "{{- with .CurrentSection.Pages.Next . }}<a rel=\"prev\" href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n"
    "{{- with .CurrentSection.Pages.Prev . }}<a rel=\"next\" href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n"
    "</nav>\n"
    "{{ end }}\n";

static const char list_html[] =
    "{{ define \"main\" }}\n"
    "<h1>{{ .Title }}</h1>\n"
    "{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}\n"
    "{{ .Content }}\n"
    "<ul>\n"
    "{{- range .Pages }}\n"
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ with .Params.summary }} {{ . }}{{ end }}</li>\n"
    "{{- end }}\n"
    "</ul>\n"
    "{{ end }}\n";

/* A quiz page: its questions, then the lessons that name it (kenshu's quiz page lists them too). */
static const char quiz_html[] =
    "{{ define \"main\" }}\n"
    "<article>\n"
    "<h1>{{ .Title }}</h1>\n"
    "{{ .Content }}\n"
    "{{ with where site.RegularPages \"Params.quiz\" .File.ContentBaseName }}\n"
    "<h2>このテストで確かめるレッスン</h2>\n"
    "<ul>{{ range . }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>\n"
    "{{ end }}\n"
    "</article>\n"
    "{{ end }}\n";

static void
write_hugo_layouts(const struct corpus *c, struct buf *b)
{
	static const struct {
		const char *name, *text;
	} files[] = {
		{"hugo/layouts/_default/baseof.html", baseof_html},
		{"hugo/layouts/_default/single.html", single_html},
		{"hugo/layouts/_default/list.html", list_html},
		{"hugo/layouts/quizzes/single.html", quiz_html},
	};
	char path[4096];

	snprintf(path, sizeof path, "%s/hugo/layouts/_default", c->outdir);
	mkdirs(path);
	snprintf(path, sizeof path, "%s/hugo/layouts/quizzes", c->outdir);
	mkdirs(path);
	for (size_t i = 0; i < NELEM(files); i++) {
		b->len = 0;
		buf_puts(b, files[i].text);
		write_file(c, files[i].name, b);
	}
}

/* Made-up katakana terms for NTERMS beyond the real ones; the reading is their hiragana. */
static void
make_terms(struct corpus *c)
{
	static const char *const kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
	    "ハヒフヘホマミムメモヤユヨラリルレロワガギグゲゴザジズゼゾダデドバビブベボパピプペポ";
	size_t nkana = strlen(kana) / 3;
	struct rng r = rng_for(0, 4);

	c->term_names = calloc(c->nterms + 1, sizeof *c->term_names);
	c->term_readings = calloc(c->nterms + 1, sizeof *c->term_readings);
	if (!c->term_names || !c->term_readings)
		die("out of memory");
	for (unsigned i = 0; i < c->nterms; i++) {
		char name[64], reading[64];
		unsigned len, j;

		if (i < NELEM(real_terms)) {
			c->term_names[i] = strdup(real_terms[i].term);
			c->term_readings[i] = strdup(real_terms[i].reading);
			continue;
		}
	again:
		len = 3 + rng_below(&r, 4);
		for (j = 0; j < len; j++) {
			const unsigned char *k = (const unsigned char *)kana + 3 * rng_below(&r, (unsigned)nkana);
			/* U+30A1..U+30F6 katakana -> U+3041..U+3096 hiragana: subtract 0x60. */
			unsigned cp = ((k[0] & 0x0Fu) << 12) | ((k[1] & 0x3Fu) << 6) | (k[2] & 0x3Fu);

			memcpy(name + 3 * j, k, 3);
			cp -= 0x60;
			reading[3 * j] = (char)(0xE0 | (cp >> 12));
			reading[3 * j + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			reading[3 * j + 2] = (char)(0x80 | (cp & 0x3F));
		}
		name[3 * len] = reading[3 * len] = '\0';
		for (j = 0; j < i; j++)
			if (strcmp(c->term_names[j], name) == 0)
				goto again;
		c->term_names[i] = strdup(name);
		c->term_readings[i] = strdup(reading);
	}
	for (unsigned i = 0; i < c->nterms; i++)
		if (!c->term_names[i] || !c->term_readings[i])
			die("out of memory");
}

static int
term_included(const struct corpus *c, const char *name)
{
	for (unsigned i = 0; i < c->nterms && i < NELEM(real_terms); i++)
		if (strcmp(c->term_names[i], name) == 0)
			return 1;
	return 0;
}

static void
write_glossary(const struct corpus *c, struct buf *b)
{
	struct buf h = {NULL, 0, 0};

	if (c->nterms == 0)
		return;
	b->len = 0;
	buf_puts(&h, "---\ntitle: 用語集\nweight: 1000\n---\n\n");
	for (unsigned i = 0; i < c->nterms; i++) {
		const struct term *t = i < NELEM(real_terms) ? &real_terms[i] : NULL;
		const char *def = t ? t->definition : "ベンチマーク用に作られた架空の用語。本文中の「用語集」の案内から参照される。";
		int nsee = 0;

		buf_printf(b, "- term: %s\n  reading: %s\n", c->term_names[i], c->term_readings[i]);
		if (t)
			buf_printf(b, "  en: %s\n", t->en);
		buf_printf(b, "  definition: |\n    %s\n", def);
		for (int s = 0; t && s < 2; s++) {
			if (t->see[s] && term_included(c, t->see[s]))
				buf_printf(b, "%s%s", nsee++ ? ", " : "  see: [", t->see[s]);
		}
		if (nsee)
			buf_puts(b, "]\n");
		buf_printf(&h, "## %s\n\n読み: %s%s%s%s\n\n%s\n\n", c->term_names[i], c->term_readings[i],
		    t ? "（英語: " : "", t ? t->en : "", t ? "）" : "", def);
	}
	write_file(c, "kenshu/content/glossary.yaml", b);
	write_file(c, "hugo/content/glossary.md", &h);
	free(h.data);
}

/*
 * Quizzes: competence tests of QUIZ_QUESTIONS questions, four single-choice, three
 * multiple-choice and three true/false in an order drawn per quiz. Choices are the bullet
 * points (right) and bad_habits (wrong), so no question has two equal choices; every question
 * has an explanation, since kenshu warns about one without. Quiz texts are plain text, not
 * Markdown, so the vocabulary's ** and ` are dropped and @ORG@ and @SO@ become the literal
 * values.
 */
#define QUIZ_QUESTIONS 10
#define QUIZ_CHOICES 5
#define QUIZ_TEXT 1024

enum qtype { Q_SINGLE, Q_MULTIPLE, Q_TRUEFALSE };

struct question {
	enum qtype type;
	int partial, points;
	int answer, as_choices; /* truefalse: the answer; written as two choices, not 'answer:' */
	unsigned nchoices;
	char prompt[QUIZ_TEXT], explanation[QUIZ_TEXT];
	char choice[QUIZ_CHOICES][QUIZ_TEXT];
	int correct[QUIZ_CHOICES];
	const char *feedback[QUIZ_CHOICES];
};

/* Vocabulary text as plain text: variables expanded to their values, ** and ` dropped. */
static void
plain(char *out, size_t size, const char *s)
{
	struct buf t = {NULL, 0, 0};
	size_t n = 0;

	put_text(&t, s, HUGO);
	for (const char *p = t.data; p && *p; p++) {
		if (*p == '`')
			continue;
		if (p[0] == '*' && p[1] == '*') {
			p++;
			continue;
		}
		if (n + 1 >= size)
			die("internal: quiz text too long");
		out[n++] = *p;
	}
	out[n] = '\0';
	free(t.data);
}

/* out = the plain text of a then b (either may be NULL), in a 「」 quote if quote is set. */
static void
plain2(char *out, size_t size, const char *a, const char *b, int quote)
{
	char pa[QUIZ_TEXT] = "", pb[QUIZ_TEXT] = "";

	if (a)
		plain(pa, sizeof pa, a);
	if (b)
		plain(pb, sizeof pb, b);
	if ((size_t)snprintf(out, size, "%s%s%s%s", quote ? "「" : "", pa, pb, quote ? "」" : "") >= size)
		die("internal: quiz text too long");
}

static void
make_question(struct rng *r, const char *topic, enum qtype type, struct question *q)
{
	unsigned good[NELEM(bullets)], bad[NELEM(bad_habits)], pos[QUIZ_CHOICES];
	unsigned ngood, nbad;
	char prompt[QUIZ_TEXT];

	memset(q, 0, sizeof *q);
	q->type = type;
	q->points = 1;
	for (unsigned i = 0; i < NELEM(bullets); i++)
		good[i] = i;
	for (unsigned i = 0; i < NELEM(bad_habits); i++)
		bad[i] = i;
	shuffle(r, good, (unsigned)NELEM(bullets));
	shuffle(r, bad, (unsigned)NELEM(bad_habits));

	if (type == Q_TRUEFALSE) {
		const char *s = sentences[rng_below(r, (unsigned)NELEM(sentences))];

		q->answer = rng_below(r, 2);
		q->as_choices = rng_below(r, 3) == 0;
		if (q->answer) {
			plain2(q->prompt, sizeof q->prompt, s, NULL, 1);
			plain2(q->explanation, sizeof q->explanation, "正しい説明です。",
			    sentences[rng_below(r, (unsigned)NELEM(sentences))], 0);
		} else {
			plain2(q->prompt, sizeof q->prompt, bad_habits[bad[0]], "のは、問題のない行動である。", 1);
			plain2(q->explanation, sizeof q->explanation, "誤りです。", s, 0);
		}
		return;
	}

	if (type == Q_SINGLE) {
		ngood = 1;
		nbad = 3;
		snprintf(prompt, sizeof prompt, single_prompts[rng_below(r, (unsigned)NELEM(single_prompts))],
		    topic);
	} else {
		ngood = 2 + rng_below(r, 2);
		nbad = 2;
		q->partial = rng_below(r, 2);
		q->points = 1 + rng_below(r, 2);
		snprintf(prompt, sizeof prompt,
		    multiple_prompts[rng_below(r, (unsigned)NELEM(multiple_prompts))], topic);
	}
	plain(q->prompt, sizeof q->prompt, prompt);
	q->nchoices = ngood + nbad;
	for (unsigned i = 0; i < q->nchoices; i++)
		pos[i] = i;
	shuffle(r, pos, q->nchoices);
	for (unsigned i = 0; i < q->nchoices; i++) {
		unsigned at = pos[i];

		if (i < ngood) {
			plain(q->choice[at], sizeof q->choice[at], bullets[good[i]]);
			q->correct[at] = 1;
		} else {
			plain(q->choice[at], sizeof q->choice[at], bad_habits[bad[i - ngood]]);
			if (rng_below(r, 3) == 0)
				q->feedback[at] = wrong_feedback[rng_below(r, (unsigned)NELEM(wrong_feedback))];
		}
	}
	snprintf(prompt, sizeof prompt, "「%s」ことが大切です。", q->choice[pos[0]]);
	plain2(q->explanation, sizeof q->explanation, prompt,
	    sentences[rng_below(r, (unsigned)NELEM(sentences))], 0);
}

/* A YAML double-quoted scalar: no text here needs more than \" and \\ escaped. */
static void
put_yaml_str(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_puts(b, "\\");
		buf_put(b, s, 1);
	}
	buf_puts(b, "\"");
}

static const char *const review_modes[] = {"after_submit", "after_pass", "never"};

/*
 * Quiz k as quizzes/qNNN.yaml (kenshu) and content/quizzes/qNNN.md (Hugo: the questions with
 * their choices as Markdown lists and the explanations; Hugo's layout lists the lessons that
 * name the quiz, as kenshu's quiz page does).
 */
static void
write_quiz(const struct corpus *c, unsigned k, struct buf *b, struct buf *h)
{
	static struct question qs[QUIZ_QUESTIONS];
	enum qtype types[QUIZ_QUESTIONS];
	unsigned order[QUIZ_QUESTIONS];
	struct rng r = rng_for(k, 5);
	const char *topic = topics[k % NELEM(topics)];
	char name[24], title[256], desc[512], rel[256];

	for (unsigned i = 0; i < QUIZ_QUESTIONS; i++) {
		order[i] = i;
		types[i] = i < 4 ? Q_SINGLE : i < 7 ? Q_MULTIPLE : Q_TRUEFALSE;
	}
	shuffle(&r, order, QUIZ_QUESTIONS);
	for (unsigned i = 0; i < QUIZ_QUESTIONS; i++)
		make_question(&r, topic, types[order[i]], &qs[i]);

	quiz_name(c, k, name);
	snprintf(title, sizeof title, "理解度確認テスト 第%u回：%s", k + 1, topic);
	snprintf(desc, sizeof desc, "%sについて学んだ内容を確かめる、%u問のテストです。", topic,
	    QUIZ_QUESTIONS);

	b->len = 0;
	buf_puts(b, "title: ");
	put_yaml_str(b, title);
	buf_puts(b, "\ndescription: ");
	put_yaml_str(b, desc);
	buf_printf(b, "\nkind: test\npass: %u\nshuffle: true\nattempts: %u\nreview: %s\n",
	    70 + 10 * rng_below(&r, 3), rng_below(&r, 4) == 0 ? 3 : 0,
	    review_modes[rng_below(&r, (unsigned)NELEM(review_modes))]);
	if (rng_below(&r, 4) == 0)
		buf_printf(b, "draw: %u\n", QUIZ_QUESTIONS - 2);
	buf_puts(b, "questions:\n");

	h->len = 0;
	buf_puts(h, "---\ntitle: ");
	put_yaml_str(h, title);
	buf_printf(h, "\nweight: %u\n---\n\n%s\n\n", k + 1, desc);

	for (unsigned i = 0; i < QUIZ_QUESTIONS; i++) {
		const struct question *q = &qs[i];
		static const char *const type_names[] = {"single", "multiple", "truefalse"};

		buf_printf(b, "  - id: q%02u\n    type: %s\n    prompt: ", i + 1, type_names[q->type]);
		put_yaml_str(b, q->prompt);
		buf_puts(b, "\n");
		buf_printf(h, "## 問%u\n\n%s\n\n", i + 1, q->prompt);
		if (q->type == Q_TRUEFALSE && !q->as_choices) {
			buf_printf(b, "    answer: %s\n", q->answer ? "true" : "false");
			buf_puts(h, "- 正しい\n- 誤り\n\n");
		} else if (q->type == Q_TRUEFALSE) {
			buf_printf(b, "    choices:\n      - text: 正しい\n%s      - text: 誤り\n%s",
			    q->answer ? "        correct: true\n" : "", q->answer ? "" : "        correct: true\n");
			buf_puts(h, "- 正しい\n- 誤り\n\n");
		} else {
			buf_puts(b, "    choices:\n");
			for (unsigned j = 0; j < q->nchoices; j++) {
				if (!q->correct[j] && !q->feedback[j]) {
					buf_puts(b, "      - ");
					put_yaml_str(b, q->choice[j]);
					buf_puts(b, "\n");
				} else {
					buf_puts(b, "      - text: ");
					put_yaml_str(b, q->choice[j]);
					buf_puts(b, q->correct[j] ? "\n        correct: true\n" : "\n");
					if (q->feedback[j]) {
						buf_puts(b, "        feedback: ");
						put_yaml_str(b, q->feedback[j]);
						buf_puts(b, "\n");
					}
				}
				buf_printf(h, "- %s\n", q->choice[j]);
			}
			buf_puts(h, "\n");
		}
		buf_puts(b, "    explanation: ");
		put_yaml_str(b, q->explanation);
		buf_puts(b, "\n");
		if (q->partial)
			buf_puts(b, "    partial: true\n");
		if (q->points != 1)
			buf_printf(b, "    points: %d\n", q->points);
		buf_printf(h, "解説: %s\n\n", q->explanation);
	}
	snprintf(rel, sizeof rel, "kenshu/quizzes/%s.yaml", name);
	write_file(c, rel, b);
	snprintf(rel, sizeof rel, "hugo/content/quizzes/%s.md", name);
	write_file(c, rel, h);
}

static void
write_quizzes(const struct corpus *c, struct buf *b)
{
	struct buf h = {NULL, 0, 0};
	char path[4096];

	if (c->nquizzes == 0)
		return;
	snprintf(path, sizeof path, "%s/kenshu/quizzes", c->outdir);
	mkdirs(path);
	snprintf(path, sizeof path, "%s/hugo/content/quizzes", c->outdir);
	mkdirs(path);
	/* After the modules in Hugo's navigation, as kenshu's quiz index follows them. */
	buf_puts(&h, "---\ntitle: 理解度確認テスト\nweight: 1000000\n---\n");
	write_file(c, "hugo/content/quizzes/_index.md", &h);
	for (unsigned k = 0; k < c->nquizzes; k++)
		write_quiz(c, k, b, &h);
	free(h.data);
}

static unsigned
parse_count(const char *s, const char *what, unsigned min)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < min || v > 1000000)
		die("%s must be a whole number from %u to 1000000, not '%s'", what, min, s);
	return (unsigned)v;
}

int
main(int argc, char **argv)
{
	struct corpus c;
	struct buf b = {NULL, 0, 0};
	unsigned long long body_total = 0, body_min = (unsigned long long)-1, body_max = 0;
	char path[4096];

	if (argc < 3 || argc > 5) {
		fputs("usage: gencorpus OUTDIR NLESSONS [NTERMS [NQUIZZES]]\n", stderr);
		return 2;
	}
	memset(&c, 0, sizeof c);
	c.outdir = argv[1];
	c.nlessons = parse_count(argv[2], "NLESSONS", 2);
	c.nterms = argc > 3 ? parse_count(argv[3], "NTERMS", 0) : DEFAULT_TERMS;
	c.nquizzes = argc > 4 ? parse_count(argv[4], "NQUIZZES", 0) : DEFAULT_QUIZZES;
	c.quizwidth = digits(c.nquizzes) > 3 ? digits(c.nquizzes) : 3;
	c.nmodules = (c.nlessons + LESSONS_PER_MODULE - 1) / LESSONS_PER_MODULE;
	c.modwidth = c.nmodules > 99 ? digits(c.nmodules) : 2;
	c.lessonwidth = digits(c.nlessons) > 4 ? digits(c.nlessons) : 4;
	make_terms(&c);

	snprintf(path, sizeof path, "%s/kenshu/content/lessons", c.outdir);
	mkdirs(path);
	snprintf(path, sizeof path, "%s/hugo/content", c.outdir);
	mkdirs(path);
	write_site_config(&c, &b);
	write_home(&c, &b);
	write_modules(&c, &b);
	write_glossary(&c, &b);
	write_quizzes(&c, &b);
	write_hugo_layouts(&c, &b);
	for (unsigned i = 0; i < c.nlessons; i++) {
		unsigned long long body = 0;

		write_lesson(&c, i, &b, KENSHU, &body);
		write_lesson(&c, i, &b, HUGO, &body);
		body_total += body;
		if (body < body_min)
			body_min = body;
		if (body > body_max)
			body_max = body;
	}
	printf("gencorpus: %u lessons in %u modules, %u glossary terms, %u quizzes; lesson bodies "
	    "%llu-%llu bytes, average %llu; Markdown %llu bytes (kenshu), %llu bytes (hugo)\n",
	    c.nlessons, c.nmodules, c.nterms, c.nquizzes, body_min, body_max, body_total / c.nlessons,
	    total_markdown[0], total_markdown[1]);

	for (unsigned i = 0; i < c.nterms; i++) {
		free(c.term_names[i]);
		free(c.term_readings[i]);
	}
	free(c.term_names);
	free(c.term_readings);
	free(b.data);
	return 0;
}
