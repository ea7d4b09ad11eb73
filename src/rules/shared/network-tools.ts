/**
 * Shared by sensitive-api (code that probes for these apps) and assets (lists of them shipped as files).
 * Packages of VPNs, Tor and private messengers: an app that names them in code is
 * probing for them (network-tools). Package ids as published on Google Play / F-Droid.
 */
export const NETWORK_TOOL_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['org.torproject.android', 'Orbot (Tor)'],
  ['org.torproject.torbrowser', 'Tor Browser'],
  ['info.guardianproject.orfox', 'Orfox (Tor)'],
  ['com.psiphon3', 'Psiphon'],
  ['com.psiphon3.subscription', 'Psiphon Pro'],
  ['org.strongswan.android', 'strongSwan VPN'],
  ['de.blinkt.openvpn', 'OpenVPN for Android'],
  ['net.openvpn.openvpn', 'OpenVPN Connect'],
  ['com.wireguard.android', 'WireGuard'],
  ['com.expressvpn.vpn', 'ExpressVPN'],
  ['com.nordvpn.android', 'NordVPN'],
  ['org.getlantern.lantern', 'Lantern'],
  ['com.v2ray.ang', 'v2rayNG'],
  ['com.github.shadowsocks', 'Shadowsocks'],
  ['com.github.kr328.clash', 'Clash'],
  ['com.whatsapp', 'WhatsApp'],
  ['org.telegram.messenger', 'Telegram'],
  ['org.thoughtcrime.securesms', 'Signal'],
  ['com.facebook.orca', 'Messenger'],
  ['com.skype.raider', 'Skype'],
  ['com.viber.voip', 'Viber'],
  ['jp.naver.line.android', 'LINE'],
  ['com.twitter.android', 'Twitter/X'],
  ['com.instagram.android', 'Instagram'],
  ['com.facebook.katana', 'Facebook'],
  ['im.vector.app', 'Element (Matrix)'],
  ['ch.threema.app', 'Threema'],
  ['com.wire', 'Wire'],
  ['chat.simplex.app', 'SimpleX'],
]);
