/**
 * Android API levels with their version and codename (android.os.Build.VERSION_CODES;
 * developer.android.com/tools/releases/platforms). A manifest may name a preview SDK by
 * codename (`android:minSdkVersion="VanillaIceCream"`): the platform then treats the app
 * as built for that preview (PackageParser.computeMinSdkVersion).
 */
export interface SdkLevel {
  readonly api: number;
  readonly version: string;
  readonly codename: string;
}

const LEVELS: readonly SdkLevel[] = [
  [1, '1.0', 'Base'],
  [2, '1.1', 'Base_1_1'],
  [3, '1.5', 'Cupcake'],
  [4, '1.6', 'Donut'],
  [5, '2.0', 'Eclair'],
  [6, '2.0.1', 'Eclair_0_1'],
  [7, '2.1', 'Eclair_MR1'],
  [8, '2.2', 'Froyo'],
  [9, '2.3', 'Gingerbread'],
  [10, '2.3.3', 'Gingerbread_MR1'],
  [11, '3.0', 'Honeycomb'],
  [12, '3.1', 'Honeycomb_MR1'],
  [13, '3.2', 'Honeycomb_MR2'],
  [14, '4.0', 'IceCreamSandwich'],
  [15, '4.0.3', 'IceCreamSandwich_MR1'],
  [16, '4.1', 'JellyBean'],
  [17, '4.2', 'JellyBean_MR1'],
  [18, '4.3', 'JellyBean_MR2'],
  [19, '4.4', 'KitKat'],
  [20, '4.4W', 'KitKatWatch'],
  [21, '5.0', 'Lollipop'],
  [22, '5.1', 'Lollipop_MR1'],
  [23, '6.0', 'M'],
  [24, '7.0', 'N'],
  [25, '7.1', 'N_MR1'],
  [26, '8.0', 'O'],
  [27, '8.1', 'O_MR1'],
  [28, '9', 'P'],
  [29, '10', 'Q'],
  [30, '11', 'R'],
  [31, '12', 'S'],
  [32, '12L', 'S_V2'],
  [33, '13', 'Tiramisu'],
  [34, '14', 'UpsideDownCake'],
  [35, '15', 'VanillaIceCream'],
  [36, '16', 'Baklava'],
].map(([api, version, codename]) => ({ api: api as number, version: version as string, codename: codename as string }));

const BY_API: ReadonlyMap<number, SdkLevel> = new Map(LEVELS.map((level) => [level.api, level]));
const BY_CODENAME: ReadonlyMap<string, SdkLevel> = new Map(
  LEVELS.map((level) => [level.codename.toLowerCase(), level]),
);

export function sdkLevelByCodename(codename: string): SdkLevel | undefined {
  return BY_CODENAME.get(codename.trim().toLowerCase());
}

/** "34 (Android 14, UpsideDownCake)" or the raw text for unknown values. */
export function describeSdk(api: number | undefined, codename?: string): string {
  if (api === undefined) return codename ? `${codename} (preview codename)` : 'unspecified';
  const level = BY_API.get(api);
  return level ? `${api} (Android ${level.version}, ${level.codename})` : String(api);
}
