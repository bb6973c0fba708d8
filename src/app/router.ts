import { useEffect, useState } from 'react';

/** Hash routes: they work from a file cache offline and need no server rewrite rules. */
export type Route = { name: 'home' } | { name: 'report' } | { name: 'case'; id: string } | { name: 'protocol' } | { name: 'settings' } | { name: 'backup' } | { name: 'stats' } | { name: 'training'; id?: string } | { name: 'sandbox'; id?: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'report') return { name: 'report' };
  if (path === 'protocol') return { name: 'protocol' };
  if (path === 'settings') return { name: 'settings' };
  if (path === 'backup') return { name: 'backup' };
  if (path === 'stats') return { name: 'stats' };
  if (path === 'training') return { name: 'training' };
  if (path === 'sandbox') return { name: 'sandbox' };
  const s = /^sandbox\/([\w-]+)$/.exec(path);
  if (s?.[1]) return { name: 'sandbox', id: s[1] };
  const t = /^training\/([a-z0-9-]+)$/.exec(path);
  if (t?.[1]) return { name: 'training', id: t[1] };
  const m = /^case\/([\w-]+)$/.exec(path);
  if (m?.[1]) return { name: 'case', id: m[1] };
  return { name: 'home' };
}

export function href(route: Route): string {
  if ((route.name === 'training' || route.name === 'sandbox') && route.id) return `#/${route.name}/${route.id}`;
  return route.name === 'case' ? `#/case/${route.id}` : route.name === 'home' ? '#/' : `#/${route.name}`;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
