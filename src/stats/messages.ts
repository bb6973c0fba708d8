import type { Language } from '../../protocol/languages';
import { formatMessage } from '../i18n/message';

/**
 * Messages of the statistics export (the CLI and the app's export button), in the three full languages. Kept
 * beside the module rather than in the UI catalogs: they name the export's own refusals. Counts are ICU plurals
 * read by the catalogs' reader (src/i18n/message.ts, docs/decisions/0017), so Arabic gets its six forms.
 * `summary` takes the published total twice: `cases`, a number choosing the form (10 for "<10": "fewer than 10
 * cases" agrees with 10), and `shown`, the published text ("<10", "0", "15"), never the exact count.
 */
const EN = {
  usage: 'Usage: npm run stats -- --scenarios DIR --period 2026-2027-T1 --out DIR [--lang ar|fr|en] [--school ID] [--generated-at ISO-TIME] [--correction]',
  missingOption: 'Missing option {option}.',
  unknownOption: 'Unknown option {option}.',
  badLang: 'Unknown language "{lang}": choose ar, fr or en.',
  badSchool: 'The school id "{school}" must be lowercase letters, digits and dashes, starting with a letter or a digit.',
  badTime: 'The generation time "{time}" is not a UTC time written as 2027-03-01T10:00:00Z.',
  malformed: 'The period "{input}" is not valid: write a school year as 2026-2027 or a term as 2026-2027-T1.',
  notConsecutive: 'The period "{input}" is not valid: a school year runs over two consecutive years, as in 2026-2027.',
  noCalendar: 'The school calendar has no dates for the school year {schoolYear}: its terms cannot be worked out.',
  noSuchTerm: 'The period "{input}" is not valid: the school year has {terms, plural, one {# term} other {# terms}}.',
  overlap: 'Refused: {period} overlaps {other}, already issued. Overlapping exports would let a reader subtract one from the other.',
  changed: 'Refused: {period} was already issued with different figures. The earlier export stands. If these figures correct it, issue them as a correction (--correction, or the box in the app): the AREF must then destroy the earlier files.',
  corrected: '{period}: this export corrects and replaces the one issued earlier. Ask the AREF to destroy the earlier files: kept side by side, the two would show the changed cases by difference.',
  notEnded: 'Refused: {period} ends on {to}. A period can be exported only once it has ended, from {next} on.',
  noScenarios: 'No scenario file (*.json) in {dir}.',
  scenarioError: 'Scenario file {file}: {detail}',
  empty: 'No case was reported in {period}: the export holds only zeros.',
  fewCases: 'Fewer than 10 cases in {period}: only the total is published.',
  replaced: 'The export of {period} issued earlier is replaced.',
  summary:
    '{cases, plural, one {{shown} case} other {{shown} cases}} published from {files, plural, one {# file} other {# files}} in {period}: {cells, plural, one {# cell} other {# cells}}, {suppressed} shown as "<10", {withheld} withheld, {tables, plural, one {# table} other {# tables}} withheld.',
  written: 'Written: {file}',
};
export type MessageId = keyof typeof EN;

const FR: Record<MessageId, string> = {
  usage: 'Usage : npm run stats -- --scenarios DOSSIER --period 2026-2027-T1 --out DOSSIER [--lang ar|fr|en] [--school ID] [--generated-at HEURE-ISO] [--correction]',
  missingOption: 'Option manquante : {option}.',
  unknownOption: 'Option inconnue : {option}.',
  badLang: 'Langue inconnue « {lang} » : choisissez ar, fr ou en.',
  badSchool: 'L’identifiant d’établissement « {school} » doit être en minuscules, chiffres et tirets, et commencer par une lettre ou un chiffre.',
  badTime: 'L’heure de génération « {time} » n’est pas une heure UTC écrite sous la forme 2027-03-01T10:00:00Z.',
  malformed: 'La période « {input} » n’est pas valide : écrivez une année scolaire sous la forme 2026-2027 ou une période sous la forme 2026-2027-T1.',
  notConsecutive: 'La période « {input} » n’est pas valide : une année scolaire couvre deux années consécutives, comme 2026-2027.',
  noCalendar: 'Le calendrier scolaire n’a pas de dates pour l’année scolaire {schoolYear} : ses périodes ne peuvent pas être déterminées.',
  noSuchTerm: 'La période « {input} » n’est pas valide : l’année scolaire compte {terms, plural, one {# période} other {# périodes}}.',
  overlap: 'Refusé : {period} chevauche {other}, déjà émise. Des exports qui se chevauchent permettraient de soustraire l’un de l’autre.',
  changed: 'Refusé : {period} a déjà été émise avec d’autres chiffres. L’export précédent reste valable. Si ces chiffres le corrigent, émettez-les comme correction (--correction, ou la case dans l’application) : l’AREF doit alors détruire les fichiers précédents.',
  corrected: '{period} : cet export corrige et remplace celui émis auparavant. Demandez à l’AREF de détruire les fichiers précédents : gardés côte à côte, les deux feraient apparaître par différence les dossiers modifiés.',
  notEnded: 'Refusé : {period} se termine le {to}. Une période ne peut être exportée qu’une fois terminée, à partir du {next}.',
  noScenarios: 'Aucun fichier de scénario (*.json) dans {dir}.',
  scenarioError: 'Fichier de scénario {file} : {detail}',
  empty: 'Aucune situation signalée pendant {period} : l’export ne contient que des zéros.',
  fewCases: 'Moins de 10 situations pendant {period} : seul le total est publié.',
  replaced: 'L’export de {period} émis auparavant est remplacé.',
  summary:
    '{cases, plural, one {{shown} situation publiée, issue} other {{shown} situations publiées, issues}} de {files, plural, one {# fichier} other {# fichiers}} pendant {period} : {cells, plural, one {# cellule} other {# cellules}}, dont {suppressed, plural, one {# affichée} other {# affichées}} « <10 » et {withheld, plural, one {# masquée} other {# masquées}}, {tables, plural, one {# tableau masqué} other {# tableaux masqués}}.',
  written: 'Écrit : {file}',
};

const AR: Record<MessageId, string> = {
  usage: 'الاستعمال: npm run stats -- --scenarios مجلد --period 2026-2027-T1 --out مجلد [--lang ar|fr|en] [--school معرف] [--generated-at وقت-ISO] [--correction]',
  missingOption: 'خيار ناقص: {option}.',
  unknownOption: 'خيار غير معروف: {option}.',
  badLang: 'لغة غير معروفة "{lang}": اختاروا ar أو fr أو en.',
  badSchool: 'معرف المؤسسة "{school}" يجب أن يتكون من حروف لاتينية صغيرة وأرقام وشرطات، وأن يبدأ بحرف أو رقم.',
  badTime: 'وقت الإنشاء "{time}" ليس وقتا عالميا منسقا (UTC) مكتوبا بصيغة 2027-03-01T10:00:00Z.',
  malformed: 'الفترة "{input}" غير صالحة: اكتبوا السنة الدراسية بصيغة 2026-2027 أو الفترة بصيغة 2026-2027-T1.',
  notConsecutive: 'الفترة "{input}" غير صالحة: السنة الدراسية تمتد على سنتين متتاليتين، مثل 2026-2027.',
  noCalendar: 'لا يتضمن الجدول الزمني المدرسي تواريخ السنة الدراسية {schoolYear}: لا يمكن تحديد فتراتها.',
  noSuchTerm: 'الفترة "{input}" غير صالحة: السنة الدراسية تضم {terms, plural, =0 {صفر فترات} one {فترة واحدة} two {فترتين} few {# فترات} many {# فترةً} other {# فترة}}.',
  overlap: 'مرفوض: الفترة {period} تتداخل مع {other} التي سبق إصدارها. التصديرات المتداخلة تسمح بطرح إحداها من الأخرى.',
  changed: 'مرفوض: سبق إصدار الفترة {period} بأرقام مختلفة. يبقى التصدير السابق ساري المفعول. إذا كانت هذه الأرقام تصحّحه، فأصدرها كتصحيح (--correction، أو الخانة في التطبيق): وعلى الأكاديمية الجهوية للتربية والتكوين (AREF) حينئذ إتلاف الملفات السابقة.',
  corrected: '{period}: هذا التصدير يصحّح التصدير الصادر سابقا ويحلّ محلّه. اطلب من الأكاديمية الجهوية للتربية والتكوين (AREF) إتلاف الملفات السابقة: إذا احتُفظ بهما معا، فسيكشف الفرق بينهما الحالات المعدّلة.',
  notEnded: 'مرفوض: تنتهي الفترة {period} يوم {to}. لا يمكن تصدير فترة إلا بعد انتهائها، ابتداء من {next}.',
  noScenarios: 'لا يوجد أي ملف سيناريو (*.json) في {dir}.',
  scenarioError: 'ملف السيناريو {file}: {detail}',
  empty: 'لم يتم التبليغ عن أي حالة خلال {period}: التصدير لا يتضمن سوى أصفار.',
  fewCases: 'أقل من 10 حالات خلال {period}: لا يُنشر سوى المجموع.',
  replaced: 'تم تعويض تصدير {period} الصادر سابقا.',
  summary:
    '{cases, plural, =0 {لم تُنشر أي حالة} one {حالة واحدة منشورة} two {حالتان منشورتان} few {{shown} حالات منشورة} many {{shown} حالةً منشورةً} other {{shown} حالة منشورة}} من {files, plural, =0 {صفر ملفات} one {ملف واحد} two {ملفين} few {# ملفات} many {# ملفًا} other {# ملف}} خلال {period}: {cells, plural, =0 {لا خانات} one {خانة واحدة} two {خانتان} few {# خانات} many {# خانةً} other {# خانة}}، منها {suppressed, plural, =0 {لا خانة معروضة} one {خانة واحدة معروضة} two {خانتان معروضتان} few {# خانات معروضة} many {# خانةً معروضةً} other {# خانة معروضة}} بصيغة "<10" و{withheld, plural, =0 {لا خانة محجوبة} one {خانة واحدة محجوبة} two {خانتان محجوبتان} few {# خانات محجوبة} many {# خانةً محجوبةً} other {# خانة محجوبة}}، و{tables, plural, =0 {لا جدول محجوب} one {جدول واحد محجوب} two {جدولان محجوبان} few {# جداول محجوبة} many {# جدولًا محجوبًا} other {# جدول محجوب}}.',
  written: 'تمت الكتابة: {file}',
};

export const STATS_MESSAGES: Readonly<Record<Language, Readonly<Record<MessageId, string>>>> = { en: EN, fr: FR, ar: AR };

/**
 * A message in `lang` with its `{name}` parameters and plurals filled in (values are ids, dates and numbers, never
 * case text; a value is inserted as it is, never read as a message).
 */
export function statsMessage(lang: Language, id: MessageId, params: Record<string, string | number> = {}): string {
  return formatMessage(STATS_MESSAGES[lang][id], params, lang);
}

/** The plural-choosing number of a published value: `<10` agrees with 10, an empty (withheld) value with 0. */
export function publishedCount(value: string): number {
  if (value === '<10') return 10;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
