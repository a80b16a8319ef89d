/**
 * The words a playbook's applicability and an incident are compared in: lower case,
 * identifiers split ("KubeNodeNotReady" → kube node not ready, plus "notready"), plurals
 * folded, and stop words (English glue and monitoring boilerplate such as "alert",
 * "critical", "service") that never say what broke. Availability words ("down", "ping",
 * "ICMP", "packet loss"…) are one idea however an alert phrases it.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his how i if in into is it ' +
    'its me my nor of on or our out over she so some such than that the their them then there these they this those to too ' +
    'under up us was we were what when where which while who why will with would you your yours per via also just only ' +
    'again any all more most other same own very s t now please see below above here since after before ago last ' +
    'min mins minute minutes second seconds hour hours times not no is ' +
    // Monitoring boilerplate: every alert says it, so it says nothing about what broke ("host"
    // is in every Nagios host alert, whatever kind of machine it is about).
    'alert alerts alerting firing fired resolved resolve problem problems notification notifications trigger triggered check ' +
    'status state critical crit warning warn info information severity value current original event events started start ' +
    'ok recovery fyi page paged pager ack acknowledge reply noc type additional urgent fw fwd re sev sev1 sev2 sev3 sev4 ' +
    'p1 p2 p3 p4 high average disaster major minor host hosts ' +
    // Too general to tell one playbook from another: every playbook is about some server or service.
    'server servers service services'
  ).split(/\s+/),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * Plural and singular as one word ("lockouts" / "lockout"), nothing cleverer; an acronym
 * ending in s ("https") is no plural.
 */
export function stem(word: string): string {
  if (word.length <= 4 || !word.endsWith('s') || word.endsWith('ss')) return word;
  const singular = word.slice(0, -1);
  return /[aeiouy]/.test(singular) ? singular : word;
}

/** "KubePodCrashLooping" → ["kube", "pod", "crash", "looping"]; "node_filesystem" → ["node", "filesystem"]. */
export function identifierWords(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((w) => w.toLowerCase());
}

/**
 * The words of a text in order, stop words kept (phrases such as "not responding" need
 * them), each stemmed. A word written as an identifier is split, and its neighbouring parts
 * are also kept joined ("NotReady" gives not, ready and notready) so either spelling matches.
 */
export function textWords(text: string): string[] {
  return spokenWords(text).map(stem);
}

/** Each word of textWords as written (lower case, not stemmed), by its stemmed form: for showing. */
export function writtenForms(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of spokenWords(text)) if (!out.has(stem(w))) out.set(stem(w), w);
  return out;
}

function spokenWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.slice(0, 20_000).split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    const parts = /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(raw) ? identifierWords(raw) : [raw.toLowerCase()];
    out.push(...parts);
    for (let i = 0; i + 1 < parts.length; i++) out.push(`${parts[i]}${parts[i + 1]}`);
  }
  return out;
}

/** Applicability words of an imported runbook's alert name: split, stop words dropped. */
export function alertNameSymptoms(name: string): string[] {
  return [...new Set(identifierWords(name).filter((w) => w.length > 1 && w.length <= 60 && !isStopWord(w)))];
}

/**
 * Words and phrases that say something is not available. An alert saying any of them and a
 * playbook whose title or symptoms say any of them meet on "availability", so "Unavailable
 * by ICMP ping" finds "VM unresponsive" though the two share no word.
 */
export const AVAILABILITY_TERMS: readonly string[] = [
  'down',
  'unreachable',
  'ping',
  'icmp',
  'timeout',
  'timed out',
  'no response',
  'not responding',
  'not answering',
  'not reachable',
  'not available',
  'packet loss',
  'unresponsive',
  'unavailable',
  'offline',
  'outage',
  'disconnected',
  'stopped',
  'no route',
];
