/** The codes of network-destination (src/findings/contract.ts). */
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { isIpLiteral, SCHEMES } from './addresses.js';
import { specialAddress } from './special-addresses.js';

export const ID = 'network-destination';

const REACH = arg.enum('private', 'public');

/** An address with a known meaning on a phone (special-addresses.ts), and the app's strings about a hotspot. */
const SPECIAL_ARGS = {
  /** `android-hotspot`, `android-emulator-host`, `loopback`… */
  addressKind: arg.optional(arg.string),
  /** Where that meaning is written (AOSP source, Android docs, RFC). */
  addressReference: arg.optional(arg.string),
  /** Beside a hotspot or Wi-Fi Direct address: the app's own strings that speak of one (at most 3). */
  hotspotStrings: arg.optional(arg.list(arg.text)),
};

/** `; 192.168.43.1 is Android's default address of a phone running a Wi-Fi hotspot…`, and the hotspot strings. */
function specialNote(args: {
  readonly host: string;
  readonly addressKind?: string;
  readonly hotspotStrings?: readonly string[];
}): string {
  const meaning = args.addressKind === undefined ? undefined : specialAddress(args.host)?.meaning;
  const note = meaning === undefined ? '' : `; ${args.host} is ${meaning}`;
  return args.hotspotStrings === undefined
    ? note
    : `${note}. The app's own strings speak of a hotspot: ${args.hotspotStrings.map((text) => `"${text}"`).join(', ')}`;
}

const URL_ARGS = {
  /** The URL as the string holds it. */
  url: arg.text,
  /** Lower case: `https`, `mqtt`, `ws`… */
  scheme: arg.string,
  /** Lower case. */
  host: arg.string,
  port: arg.optional(arg.integer),
  encrypted: arg.boolean,
  /** `private` for loopback/LAN/link-local/CGNAT addresses and localhost, `public` otherwise. */
  reach: REACH,
  /** A method loading the string also calls a connecting API (java.net, OkHttp, WebView, Retrofit…). */
  connectedInSameMethod: arg.boolean,
  ...SPECIAL_ARGS,
};

const RESOURCE_URL_ARGS = { url: arg.text, scheme: arg.string, host: arg.string, encrypted: arg.boolean };

/** `cleartext HTTP to host example.org port 8080`. */
function describe(args: {
  readonly scheme: string;
  readonly host: string;
  readonly port?: number;
  readonly encrypted: boolean;
  readonly reach: string;
}): string {
  const where = isIpLiteral(args.host) ? `${args.reach} IP address ${args.host}` : `host ${args.host}`;
  const port = args.port !== undefined ? ` port ${args.port}` : '';
  return `${args.encrypted ? '' : 'cleartext '}${SCHEMES.get(args.scheme)?.protocol ?? args.scheme} to ${where}${port}`;
}

const URL_MESSAGE = (
  args: Parameters<typeof describe>[0] &
    Parameters<typeof specialNote>[0] & { url: string; connectedInSameMethod: boolean },
): string =>
  `${args.connectedInSameMethod ? 'Connects' : 'Names a destination'}: ${describe(args)} (${args.url})${specialNote(args)}`;

const TEMPLATE_ARGS = {
  /** The URL as the app has it, placeholders included: `http://%s/upload`. */
  template: arg.text,
  scheme: arg.string,
  encrypted: arg.boolean,
  /** What the app decides when it runs: `host chosen at run time`, `port chosen at run time`, `host (appended at run time)`. */
  unknown: arg.string,
  /** The template with the run-time parts between « and »: `http://«%s»/upload`. */
  marked: arg.text,
  /** The host, when only the port is a placeholder. */
  host: arg.optional(arg.string),
  connectedInSameMethod: arg.boolean,
};

const TEMPLATE_MESSAGE = (args: {
  readonly scheme: string;
  readonly encrypted: boolean;
  readonly unknown: string;
  readonly marked: string;
  readonly connectedInSameMethod: boolean;
}): string =>
  `${args.connectedInSameMethod ? 'Connects' : 'Builds a destination'}: ${args.encrypted ? '' : 'cleartext '}${SCHEMES.get(args.scheme)?.protocol ?? args.scheme} to a ${args.unknown}: ${args.marked}`;

const TEMPLATE_VIEWS = {
  identity: ['host'],
  headline: ['template', 'host'],
  endpoint: { host: 'host', encrypted: 'encrypted' },
} as const;

const RESOURCE_MESSAGE = (args: { url: string; scheme: string; encrypted: boolean }): string =>
  `A string resource names ${args.encrypted ? '' : 'the cleartext '}${args.scheme.toUpperCase()} destination ${args.url}`;

const URL_VIEWS = {
  identity: ['url', 'host', 'port'],
  headline: ['url', 'host'],
  endpoint: { host: 'host', url: 'url', port: 'port', encrypted: 'encrypted' },
} as const;
const RESOURCE_VIEWS = {
  identity: ['url', 'host'],
  headline: ['url', 'host'],
  endpoint: { host: 'host', url: 'url', encrypted: 'encrypted' },
} as const;

export const CODES = defineCodes({
  url: {
    topic: 'destination',
    summary: 'a code string holds a URL with an encrypted scheme (https, wss, mqtts…)',
    args: URL_ARGS,
    message: URL_MESSAGE,
    views: URL_VIEWS,
  },
  'cleartext-url': {
    topic: 'destination',
    summary: 'a code string holds a URL with a cleartext scheme (http, ws, mqtt, ftp…)',
    args: URL_ARGS,
    message: URL_MESSAGE,
    views: URL_VIEWS,
  },
  'ip-address': {
    topic: 'destination',
    summary: 'a code string is an IPv4 address (optionally with a port)',
    args: {
      host: arg.string,
      port: arg.optional(arg.integer),
      reach: REACH,
      /** A method loading the string also opens a socket (java.net.Socket, InetSocketAddress…). */
      socketInSameMethod: arg.boolean,
      ...SPECIAL_ARGS,
    },
    message: (args) =>
      `${args.socketInSameMethod ? 'Opens a socket to' : 'Names'} the ${args.reach} IP address ${args.host}${args.port !== undefined ? ` port ${args.port}` : ''}${specialNote(args)}`,
    views: { identity: ['host', 'port'], headline: ['host'], endpoint: { host: 'host', port: 'port' } },
  },
  'url-template': {
    topic: 'destination',
    summary: 'a code string is a URL with an encrypted scheme whose host or port is filled in at run time',
    args: TEMPLATE_ARGS,
    message: TEMPLATE_MESSAGE,
    views: TEMPLATE_VIEWS,
  },
  'cleartext-url-template': {
    topic: 'destination',
    summary:
      'a code string is a URL with a cleartext scheme whose host or port is filled in at run time (or a bare `http://` the method appends a host to)',
    args: TEMPLATE_ARGS,
    message: TEMPLATE_MESSAGE,
    views: TEMPLATE_VIEWS,
  },
  'more-omitted': {
    topic: 'destination',
    summary: 'more code strings held destinations than the rule lists',
    args: { omitted: arg.integer, limit: arg.integer },
    message: (args) => `${args.omitted} more strings with destinations were not listed (limit ${args.limit})`,
  },
  'socket-host': {
    topic: 'destination',
    summary: 'a method that opens a raw socket names a host name',
    args: {
      /** Lower case. */
      host: arg.string,
      /** The string as the code loads it. */
      named: arg.text,
      /** The method, smali spelling. */
      method: arg.string,
    },
    message: (args) => `Opens a raw socket in the method that names the host ${args.named}`,
    views: { identity: ['host', 'method'], headline: ['host'], endpoint: { host: 'host' } },
  },
  'resource-url': {
    topic: 'destination',
    summary: 'a string resource (any configuration) holds a URL with an encrypted scheme',
    args: RESOURCE_URL_ARGS,
    message: RESOURCE_MESSAGE,
    views: RESOURCE_VIEWS,
  },
  'resource-cleartext-url': {
    topic: 'destination',
    summary: 'a string resource (any configuration) holds a URL with a cleartext scheme',
    args: RESOURCE_URL_ARGS,
    message: RESOURCE_MESSAGE,
    views: RESOURCE_VIEWS,
  },
  'cleartext-permitted': {
    topic: 'destination',
    summary: 'the network security config permits cleartext traffic to these domains',
    args: {
      domains: arg.list(arg.text),
      includeSubdomains: arg.boolean,
      /** The config's entry: `res/xml/network_security_config.xml`. */
      config: arg.string,
    },
    message: (args) =>
      `The network security config permits cleartext (unencrypted) traffic to ${args.domains.join(', ')}${args.includeSubdomains ? ' and subdomains' : ''}`,
    views: { identity: ['domains', 'config'], endpoint: { domains: 'domains' } },
  },
  'cleartext-permitted-everywhere': {
    topic: 'destination',
    summary: "the network security config's base-config permits cleartext traffic to every host",
    args: { config: arg.string },
    message: () => 'The network security config permits cleartext (unencrypted) traffic to every host',
    views: { identity: ['config'] },
  },
  'trusts-user-ca': {
    topic: 'destination',
    summary: 'the network security config trusts user-installed certificate authorities',
    args: { config: arg.string },
    message: () =>
      'The network security config trusts user-installed certificate authorities (TLS traffic can be intercepted by whoever installs one)',
    views: { identity: ['config'] },
  },
});

export const emit = emitter(ID, CODES);
