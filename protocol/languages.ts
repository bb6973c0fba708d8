/** The languages of the app and of the protocol's wording: every catalog is complete in each of them. */
export const LANGUAGES = ['ar', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Languages the interface can also be shown in, from partial catalogs (docs/decisions/0020): Darija (Moroccan
 * Arabic, Arabic script, right to left) and Standard Moroccan Tamazight (Tifinagh, left to right). What a partial
 * catalog lacks is shown in a full language the user chooses, marked as such.
 */
export const PARTIAL_LANGUAGES = ['ary', 'zgh'] as const;
export type PartialLanguage = (typeof PARTIAL_LANGUAGES)[number];

/** Every language the interface can be shown in: the full ones first. */
export const INTERFACE_LANGUAGES = [...LANGUAGES, ...PARTIAL_LANGUAGES] as const;
export type InterfaceLanguage = Language | PartialLanguage;

/** The full languages a partial one may fall back to (the user chooses): the two of Moroccan schools. */
export const FALLBACK_LANGUAGES = ['ar', 'fr'] as const satisfies readonly Language[];
export type FallbackLanguage = (typeof FALLBACK_LANGUAGES)[number];

export const isPartialLanguage = (lang: string): lang is PartialLanguage => (PARTIAL_LANGUAGES as readonly string[]).includes(lang);
export const isInterfaceLanguage = (lang: string): lang is InterfaceLanguage => (INTERFACE_LANGUAGES as readonly string[]).includes(lang);
