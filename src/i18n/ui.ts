import type { Language } from '../../protocol/text';

/** UI chrome (not protocol wording). English is the source catalog: its keys type the others. */
const en = {
  'app.name': 'Sanad',
  'app.tagline': 'Handling cyberbullying cases in school, step by step',
  'app.language': 'Language',
  'emergency.title': 'Emergency: call now',
  'emergency.intro': 'If a child is in danger, or an intimate image of a minor, extortion, an adult or explicit threats are involved: call now, then record the call.',
  'emergency.call': 'Call {number}',
  'protocol.title': 'The protocol, step by step',
  'protocol.todo': 'To do',
  'protocol.never': 'Never',
  'protocol.version': 'Protocol version {version}',
  'offline.note': 'Everything on this page works without a network.',
} as const;

export type UiKey = keyof typeof en;

const fr: Record<UiKey, string> = {
  'app.name': 'Sanad',
  'app.tagline': 'Traiter les cas de cyberharcèlement à l\u2019école, étape par étape',
  'app.language': 'Langue',
  'emergency.title': 'Urgence : appelez maintenant',
  'emergency.intro': 'Si un enfant est en danger, ou s\u2019il s\u2019agit d\u2019une image intime d\u2019un mineur, d\u2019extorsion, d\u2019un adulte ou de menaces explicites : appelez maintenant, puis notez l\u2019appel.',
  'emergency.call': 'Appeler le {number}',
  'protocol.title': 'Le protocole, étape par étape',
  'protocol.todo': 'À faire',
  'protocol.never': 'Jamais',
  'protocol.version': 'Version du protocole {version}',
  'offline.note': 'Tout ce qui est sur cette page fonctionne sans réseau.',
};

const ar: Record<UiKey, string> = {
  'app.name': 'سند',
  'app.tagline': 'معالجة حالات التنمر الإلكتروني في المدرسة، خطوة بخطوة',
  'app.language': 'اللغة',
  'emergency.title': 'حالة استعجال: اتصل الآن',
  'emergency.intro': 'إذا كان طفل في خطر، أو تعلق الأمر بصورة حميمة لقاصر أو ابتزاز أو راشد أو تهديد صريح: اتصل الآن ثم سجل المكالمة.',
  'emergency.call': 'اتصل بالرقم {number}',
  'protocol.title': 'البروتوكول خطوة بخطوة',
  'protocol.todo': 'ما يجب فعله',
  'protocol.never': 'ما لا يجب فعله أبدا',
  'protocol.version': 'نسخة البروتوكول {version}',
  'offline.note': 'كل ما في هذه الصفحة يعمل دون اتصال بالشبكة.',
};

export const UI: Readonly<Record<Language, Record<UiKey, string>>> = { ar, fr, en };

export function translate(lang: Language, key: UiKey, vars: Record<string, string> = {}): string {
  return UI[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { ar: 'العربية', fr: 'Français', en: 'English' };

export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
