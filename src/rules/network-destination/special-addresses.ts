/**
 * Addresses with a known meaning on a phone: Android's tethering defaults, the emulator's aliases,
 * loopback, link-local, carrier-grade NAT, multicast. A finding that names one says what it is, so
 * a reader sees that 192.168.43.1 is the phone that runs a Wi-Fi hotspot, not a server.
 */
import { ipv4Reach } from './addresses.js';

export interface SpecialAddress {
  /** Short name for args (`android-hotspot`, `loopback`…). */
  readonly kind: string;
  /** What the address is, for the claim. */
  readonly meaning: string;
  readonly reference: string;
}

const TETHERING =
  'https://android.googlesource.com/platform/frameworks/base/+/refs/tags/android-9.0.0_r1/services/core/java/com/android/server/connectivity/tethering/TetherInterfaceStateMachine.java (WIFI_HOST_IFACE_ADDR, USB_NEAR_IFACE_ADDR)';
const BLUETOOTH_PAN =
  'https://android.googlesource.com/platform/packages/apps/Bluetooth/+/refs/tags/android-9.0.0_r1/src/com/android/bluetooth/pan/PanService.java (BLUETOOTH_IFACE_ADDR_START)';
const EMULATOR = 'https://developer.android.com/studio/run/emulator-networking#networkaddresses';

/** Exact addresses first (Android's own defaults), then ranges. */
const EXACT: ReadonlyMap<string, SpecialAddress> = new Map([
  [
    '192.168.43.1',
    {
      kind: 'android-hotspot',
      meaning:
        "Android's default address of a phone running a Wi-Fi hotspot (tethering): the app talks to the device whose hotspot this phone joined",
      reference: TETHERING,
    },
  ],
  [
    '192.168.42.129',
    { kind: 'android-usb-tethering', meaning: "Android's default address for USB tethering", reference: TETHERING },
  ],
  [
    '192.168.44.1',
    {
      kind: 'android-bluetooth-tethering',
      meaning: "Android's default address for Bluetooth tethering",
      reference: BLUETOOTH_PAN,
    },
  ],
  [
    '192.168.49.1',
    {
      kind: 'android-wifi-direct',
      meaning: "Android's default address of the Wi-Fi Direct group owner (a phone-to-phone link)",
      reference: 'https://developer.android.com/develop/connectivity/wifi/wifip2p',
    },
  ],
  [
    '10.0.2.2',
    {
      kind: 'emulator-host',
      meaning: "the Android emulator's alias for the developer's own computer (its loopback address): a test setting",
      reference: EMULATOR,
    },
  ],
  [
    '10.0.2.15',
    { kind: 'emulator-device', meaning: "the Android emulator's own address: a test setting", reference: EMULATOR },
  ],
  [
    '10.0.3.2',
    {
      kind: 'genymotion-host',
      meaning: "the Genymotion emulator's alias for the developer's computer: a test setting",
      reference: 'https://docs.genymotion.com/desktop/041_Emulating_sensors/#network',
    },
  ],
  [
    '0.0.0.0',
    {
      kind: 'unspecified',
      meaning: 'the unspecified address: every interface of this phone (a server listening on the phone)',
      reference: 'https://www.rfc-editor.org/rfc/rfc1122#section-3.2.1.3',
    },
  ],
  [
    '255.255.255.255',
    {
      kind: 'broadcast',
      meaning: 'the local broadcast address: every device on the same network',
      reference: 'https://www.rfc-editor.org/rfc/rfc919',
    },
  ],
]);

const LOOPBACK: SpecialAddress = {
  kind: 'loopback',
  meaning: 'a loopback address: this phone itself (another app or a server inside the app)',
  reference: 'https://www.rfc-editor.org/rfc/rfc1122#section-3.2.1.3',
};

/** What `host` (an IP literal or `localhost`) is, when it has a known meaning. */
export function specialAddress(host: string): SpecialAddress | undefined {
  const lower = host.toLowerCase();
  const exact = EXACT.get(lower);
  if (exact) return exact;
  if (lower === 'localhost' || lower === '::1') return LOOPBACK;
  if (lower.startsWith('fe8') || lower.startsWith('fe9') || lower.startsWith('fea') || lower.startsWith('feb'))
    return {
      kind: 'link-local',
      meaning: 'an IPv6 link-local address: a device on the same network link',
      reference: 'https://www.rfc-editor.org/rfc/rfc4291#section-2.5.6',
    };
  if (ipv4Reach(lower) === undefined) return undefined;
  const [a = 0, b = 0] = lower.split('.').map(Number);
  if (a === 127) return LOOPBACK;
  if (a === 169 && b === 254)
    return {
      kind: 'link-local',
      meaning: 'a link-local address: a device on the same network link, without a DHCP server',
      reference: 'https://www.rfc-editor.org/rfc/rfc3927',
    };
  if (a === 100 && b >= 64 && b <= 127)
    return {
      kind: 'carrier-nat',
      meaning: "a carrier-grade NAT address: inside the mobile operator's or ISP's network",
      reference: 'https://www.rfc-editor.org/rfc/rfc6598',
    };
  if (a >= 224 && a <= 239)
    return {
      kind: 'multicast',
      meaning: 'a multicast address: every device on the network that listens to this group',
      reference: 'https://www.rfc-editor.org/rfc/rfc5771',
    };
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
    return {
      kind: 'private-lan',
      meaning: 'a private network address (RFC 1918): a device on the same local network, not on the internet',
      reference: 'https://www.rfc-editor.org/rfc/rfc1918',
    };
  return undefined;
}
