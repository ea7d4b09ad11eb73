/**
 * network-destination: where data can go. URLs, hosts and IP addresses in code
 * strings (with the call sites that load them), in resource strings, raw socket
 * endpoints, and what the network security config allows (cleartext, user CAs).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts } from '../shared/app-facts.js';
import { codeEvidenceList } from '../../findings/evidence.js';
import { bareAddress, destinationsIn } from './addresses.js';
import { CODES, emit, ID } from './codes.js';
import { resourceStringFindings } from './resource-strings.js';
import { networkSecurityFindings } from './security-config.js';
import { specialAddress, type SpecialAddress } from './special-addresses.js';
import { urlTemplatesIn, type UrlTemplate } from './templates.js';

/** Findings per app from code strings: a real app has hundreds of URLs; beyond this the report says so. */
const MAX_URL_FINDINGS = 500;
/** APIs that open a connection to a URL, host or address (java.net, okhttp3, WebView, Retrofit, Volley, Paho MQTT, Smack). */
const CONNECT_APIS = [
  'Ljava/net/URL;-><init>',
  'Ljava/net/URI;->create',
  'Ljava/net/URI;-><init>',
  'Landroid/net/Uri;->parse',
  'Ljava/net/Socket;-><init>',
  'Ljava/net/InetSocketAddress;-><init>',
  'Ljava/net/InetAddress;->getByName',
  'Ljavax/net/SocketFactory;->createSocket',
  'Ljava/net/DatagramSocket;->connect',
  'Lokhttp3/Request$Builder;->url',
  'Lokhttp3/HttpUrl;->parse',
  'Lokhttp3/HttpUrl;->get',
  'Landroid/webkit/WebView;->loadUrl',
  'Landroid/webkit/WebView;->postUrl',
  'Lretrofit2/Retrofit$Builder;->baseUrl',
  'Lcom/android/volley/toolbox/StringRequest;-><init>',
  'Lcom/android/volley/toolbox/JsonObjectRequest;-><init>',
  'Lorg/eclipse/paho/client/mqttv3/MqttClient;-><init>',
  'Lorg/eclipse/paho/android/service/MqttAndroidClient;-><init>',
  'Lorg/jivesoftware/smack/tcp/XMPPTCPConnectionConfiguration$Builder;->setHost',
];
const SOCKET_APIS = [
  'Ljava/net/Socket;-><init>',
  'Ljava/net/InetSocketAddress;-><init>',
  'Ljava/net/InetAddress;->getByName',
  'Ljava/net/DatagramSocket;->connect',
];

function connectingMethods(facts: AppFacts, apis: readonly string[]): Set<string> {
  const callers = new Set<string>();
  for (const api of apis) for (const site of facts.callSitesByName(api)) callers.add(site.caller);
  return callers;
}

/** The args of a special address (hotspot, emulator, loopback…): what kind, and where that is written. */
function special(host: string): { addressKind?: string; addressReference?: string } {
  const known: SpecialAddress | undefined = specialAddress(host);
  return known ? { addressKind: known.kind, addressReference: known.reference } : {};
}

/** Words of the app's own strings that say it joins a hotspot (cited beside a hotspot address). */
const HOTSPOT_WORDS = /hotspot|热点|熱點|точк[аиу] доступа|access point|wi-?fi direct/i;
const MAX_HOTSPOT_STRINGS = 3;

function codeFindings(app: AppModel, facts: AppFacts): Finding[] {
  const code = app.code;
  if (!code) return [];
  const connecting = connectingMethods(facts, CONNECT_APIS);
  const sockets = connectingMethods(facts, SOCKET_APIS);
  const findings: Finding[] = [];
  let omitted = 0;
  for (const { text } of facts.codeStrings()) {
    const destinations = destinationsIn(text);
    const address = destinations.length === 0 ? bareAddress(text) : undefined;
    if (destinations.length === 0 && !address) continue;
    if (findings.length >= MAX_URL_FINDINGS) {
      omitted++;
      continue;
    }
    const uses = code.stringUses(text);
    const connected = uses.some((use) => connecting.has(use.caller));
    for (const destination of destinations) {
      findings.push(
        emit(destination.encrypted ? 'url' : 'cleartext-url', {
          args: {
            url: destination.url,
            scheme: destination.scheme,
            host: destination.host,
            ...(destination.port !== undefined ? { port: destination.port } : {}),
            encrypted: destination.encrypted,
            reach: destination.reach,
            connectedInSameMethod: connected,
            ...special(destination.host),
          },
          confidence: connected ? 'high' : 'medium',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
    if (address) {
      const socket = uses.some((use) => sockets.has(use.caller));
      findings.push(
        emit('ip-address', {
          args: {
            host: address.host,
            ...(address.port !== undefined ? { port: address.port } : {}),
            reach: address.reach,
            socketInSameMethod: socket,
            ...special(address.host),
          },
          // Dotted version numbers look like addresses: without a socket call this stays low.
          confidence: socket ? 'high' : connected ? 'medium' : 'low',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
  }
  findings.push(...templateFindings(app, facts, connecting));
  linkHotspotStrings(app, facts, findings);
  findings.push(...socketHostFindings(app, facts, sockets));
  if (omitted > 0 && findings[0]) {
    findings.push(
      emit('more-omitted', {
        args: { omitted, limit: MAX_URL_FINDINGS },
        confidence: 'low',
        evidence: findings[0].evidence,
      }),
    );
  }
  return findings;
}

/**
 * URLs whose host (or more) is filled in at run time: `http://%s/`, `http://{host}/api`, and the
 * bare `http://` prefix a method appends a host to. The unknown part is marked in the claim.
 */
function templateFindings(app: AppModel, facts: AppFacts, connecting: ReadonlySet<string>): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { text } of facts.codeStrings()) {
    const templates: UrlTemplate[] = urlTemplatesIn(text);
    if (templates.length === 0) continue;
    const uses = code.stringUses(text);
    const connected = uses.some((use) => connecting.has(use.caller));
    // A bare prefix is a template only where the method builds a string from it.
    const built = uses.some((use) =>
      code
        .referencesFrom(use.caller)
        .some((reference) => reference.kind !== 'string' && reference.target.startsWith(STRING_BUILDER)),
    );
    for (const template of templates) {
      if (template.unknown === 'host (appended at run time)' && !built) continue;
      if (seen.has(template.template) || findings.length >= MAX_TEMPLATE_FINDINGS) continue;
      seen.add(template.template);
      findings.push(
        emit(template.encrypted ? 'url-template' : 'cleartext-url-template', {
          args: {
            template: template.template,
            scheme: template.scheme,
            encrypted: template.encrypted,
            unknown: template.unknown,
            marked: template.marked,
            ...(template.knownHost !== undefined ? { host: template.knownHost } : {}),
            connectedInSameMethod: connected,
          },
          confidence: connected ? 'high' : 'medium',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
  }
  return findings;
}

const STRING_BUILDER = 'Ljava/lang/StringBuilder;->append';
const MAX_TEMPLATE_FINDINGS = 100;

/**
 * Beside a hotspot or Wi-Fi Direct address, the app's own strings that say it joins one
 * ("reconnect to the device's Wi-Fi hotspot"): cited as evidence and listed in args.
 */
function linkHotspotStrings(app: AppModel, facts: AppFacts, findings: Finding[]): void {
  const code = app.code;
  const hotspot = findings.filter(
    (finding) => finding.args.addressKind === 'android-hotspot' || finding.args.addressKind === 'android-wifi-direct',
  );
  if (!code || hotspot.length === 0) return;
  const texts: string[] = [];
  for (const { text } of facts.codeStrings()) {
    if (texts.length >= MAX_HOTSPOT_STRINGS) break;
    if (text.length <= MAX_HOTSPOT_TEXT && HOTSPOT_WORDS.test(text)) texts.push(text);
  }
  if (texts.length === 0) return;
  const evidence = codeEvidenceList(
    app,
    texts.flatMap((text) => code.stringUses(text)),
    MAX_HOTSPOT_STRINGS,
  );
  for (let index = 0; index < findings.length; index++) {
    const finding = findings[index]!;
    if (!hotspot.includes(finding)) continue;
    // The same code with one more declared argument (hotspotStrings): the claim says it (codes.ts).
    findings[index] = {
      ...finding,
      args: { ...finding.args, hotspotStrings: texts },
      evidence: [...finding.evidence, ...evidence],
    };
  }
}

const MAX_HOTSPOT_TEXT = 300;

/** A DNS name (RFC 1035 labels, alphabetic top-level label): `chat.example.org`. */
const HOST_NAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Names that look like hosts but are Java/Android identifiers (`java.lang.String`, `com.example.R`). */
const IDENTIFIER_LIKE = /^(java|javax|android|androidx|kotlin|dalvik|com\.android|com\.google\.android)\./;

/** File names look like host names (dnsfilter.android.apk loads "additionalHosts.txt" next to its socket). */
const FILE_NAME =
  /\.(txt|json|xml|html?|png|jpe?g|gif|so|dex|apk|jar|zip|db|log|conf|cfg|ini|properties|js|css|csv|dat|bin|tmp|pem|crt|key)$/i;

/** Host names loaded in a method that opens a raw socket: `new Socket("chat.example.org", 5222)`. */
function socketHostFindings(app: AppModel, facts: AppFacts, sockets: ReadonlySet<string>): Finding[] {
  const code = app.code;
  if (!code || sockets.size === 0) return [];
  const findings: Finding[] = [];
  for (const caller of sockets) {
    for (const reference of code.referencesFrom(caller)) {
      if (
        reference.kind !== 'string' ||
        !HOST_NAME.test(reference.target) ||
        IDENTIFIER_LIKE.test(reference.target) ||
        FILE_NAME.test(reference.target)
      )
        continue;
      findings.push(
        emit('socket-host', {
          args: { host: reference.target.toLowerCase(), named: reference.target, method: caller },
          confidence: 'medium',
          evidence: codeEvidenceList(app, [reference, ...callSitesInMethod(facts, caller)]),
        }),
      );
    }
  }
  return findings;
}

function callSitesInMethod(facts: AppFacts, caller: string) {
  return SOCKET_APIS.flatMap((api) => facts.callSitesByName(api)).filter((site) => site.caller === caller);
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'URLs, hosts and IP addresses the app can send data to (code, resources, raw sockets), and what the network security config permits',
    categories: [],
    references: [
      'https://developer.android.com/privacy-and-security/security-config',
      'https://www.rfc-editor.org/rfc/rfc1918',
      'https://www.rfc-editor.org/rfc/rfc3986',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    return [...codeFindings(app, context.facts(app)), ...resourceStringFindings(app), ...networkSecurityFindings(app)];
  },
};
