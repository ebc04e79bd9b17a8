// What every page needs to know of itself: its language, its localised path, and links from it to
// other pages (in the same language) and to files (downloads, badges: one per site).
import { formatDate, formatNumber, LANGUAGES, messages, type Language, type Messages } from '../../../reconciler/site/i18n.ts';
import { localisedPath, relativeHref } from '../../../reconciler/site/paths.ts';
import { getDashboard } from './dashboard.ts';

export interface LanguageProps {
  language: Language;
}

/** Both languages: the site's own at the root, the other under its code. */
export async function languageParams(): Promise<{ lang: string | undefined; language: Language }[]> {
  const { settings } = await getDashboard();
  return LANGUAGES.map((language) => ({ lang: language === settings.language ? undefined : language, language }));
}

/** getStaticPaths of a page without parameters of its own. */
export async function languagePaths() {
  return (await languageParams()).map(({ lang, language }) => ({ params: { lang }, props: { language } }));
}

/** getStaticPaths of the overview: "en/index.html" rather than the "en.html" a file-format build would make of it. */
export async function overviewPaths() {
  return (await languageParams()).map(({ lang, language }) => ({ params: { lang: lang === undefined ? undefined : `${lang}/index` }, props: { language } }));
}

export interface PageContext {
  language: Language;
  t: Messages;
  /** This page's path in the built site. */
  path: string;
  /** Link to another page, in this page's language. */
  href(to: string): string;
  /** Link to a file that exists once per site (download, badge). */
  file(to: string): string;
  n(value: number | undefined): string;
  date(iso: string | undefined, withTime?: boolean): string;
}

export function pageContext(language: Language, page: string, siteLanguage: Language): PageContext {
  const path = localisedPath(page, language, siteLanguage);
  return {
    language,
    t: messages(language),
    path,
    href: (to) => relativeHref(path, localisedPath(to, language, siteLanguage)),
    file: (to) => relativeHref(path, to),
    n: (value) => formatNumber(value, language),
    date: (iso, withTime = true) => formatDate(iso, language, withTime),
  };
}
