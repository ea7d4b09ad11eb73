/**
 * Parses `dexdump -f -h` plain output (art/dexdump/dexdump.cc) into the
 * values the oracle test compares: file header, per-class header (offsets),
 * class descriptor/flags/superclass/interfaces/source file, and every field
 * and method with its code sizes. Text is latin1 (dexdump prints raw MUTF-8).
 */
interface DumpMember {
  section: 'static' | 'instance' | 'direct' | 'virtual';
  name: string;
  type: string;
  access: number;
  /** Static field initial value as printed (`value : ...`), when present. */
  value?: string;
  code?: { registers: number; ins: number; outs: number; insns: number };
  /** `0xADDR line=N` entries of the positions table, as `ADDR:N`. */
  positions?: string[];
  /** Try blocks as `START-END` followed by `TYPE->ADDR` handlers (`<any>` for catch-all). */
  catches?: string[];
}

interface DumpClass {
  header: Record<string, number>;
  descriptor: string;
  access: number;
  superclass: string | undefined;
  interfaces: string[];
  sourceFile: string | undefined;
  members: DumpMember[];
  /** `dexdump -a` block, values stripped: `Annotations on ...`, `#N`, `  VISIBILITY_X Ltype;`, `  empty-annotation-set`. */
  annotations: string[];
}

export interface Dump {
  fileHeader: Record<string, string>;
  classes: DumpClass[];
}

const quoted = (line: string): string => line.slice(line.indexOf("'") + 1, line.lastIndexOf("'"));
const valueOf = (line: string): string => line.slice(line.indexOf(':') + 1).trim();

export function parseDexdump(text: string): Dump {
  const fileHeader: Record<string, string> = {};
  const classes: DumpClass[] = [];
  let mode: 'file' | 'class-header' | 'annotations' | 'class' | 'none' = 'none';
  let pendingHeader: Record<string, number> = {};
  let pendingAnnotations: string[] = [];
  let current: DumpClass | undefined;
  let section: DumpMember['section'] | 'interfaces' | undefined;
  let member: DumpMember | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('DEX file header:')) {
      mode = 'file';
      continue;
    }
    if (/^Class #\d+ header:/.test(line)) {
      mode = 'class-header';
      pendingHeader = {};
      continue;
    }
    if (/^Class #\d+ annotations:/.test(line)) {
      mode = 'annotations';
      continue;
    }
    if (/^Class #\d+ +-/.test(line)) {
      mode = 'class';
      current = {
        header: pendingHeader,
        descriptor: '',
        access: 0,
        superclass: undefined,
        interfaces: [],
        sourceFile: undefined,
        members: [],
        annotations: pendingAnnotations,
      };
      pendingAnnotations = [];
      classes.push(current);
      section = undefined;
      member = undefined;
      continue;
    }
    if (mode === 'file') {
      const match = /^([a-z_]+) +: (.*)$/.exec(line);
      if (match) fileHeader[match[1] as string] = (match[2] as string).split(' ')[0] as string;
      else if (line.trim() === '') mode = 'none';
      continue;
    }
    if (mode === 'annotations') {
      if (line.trim() === '') mode = 'none';
      else if (line.startsWith('  VISIBILITY_')) pendingAnnotations.push(line.split(' ').slice(0, 4).join(' '));
      else pendingAnnotations.push(line);
      continue;
    }
    if (mode === 'class-header') {
      const match = /^([a-z_]+) *: (-?\d+)/.exec(line);
      if (match) pendingHeader[match[1] as string] = Number(match[2]);
      continue;
    }
    if (mode !== 'class' || current === undefined) continue;
    if (line.startsWith('  Class descriptor  :')) current.descriptor = quoted(line);
    else if (line.startsWith('  Access flags      :')) current.access = parseInt(valueOf(line), 16);
    else if (line.startsWith('  Superclass        :')) current.superclass = quoted(line);
    else if (line.startsWith('  Interfaces        -')) section = 'interfaces';
    else if (line.startsWith('  Static fields     -')) section = 'static';
    else if (line.startsWith('  Instance fields   -')) section = 'instance';
    else if (line.startsWith('  Direct methods    -')) section = 'direct';
    else if (line.startsWith('  Virtual methods   -')) section = 'virtual';
    else if (line.startsWith('  source_file_idx   :')) {
      const match = /: (-?\d+) \((.*)\)$/.exec(line);
      current.sourceFile = match && match[1] !== '-1' ? match[2] : undefined;
    } else if (/^ {4}#\d+ +: /.test(line)) {
      if (section === 'interfaces') current.interfaces.push(quoted(line));
      else if (section !== undefined) {
        member = { section, name: '', type: '', access: 0 };
        current.members.push(member);
      }
    } else if (member !== undefined) {
      if (line.startsWith('      name          :')) member.name = quoted(line);
      else if (line.startsWith('      type          :')) member.type = quoted(line);
      else if (line.startsWith('      access        :')) member.access = parseInt(valueOf(line), 16);
      else if (line.startsWith('      value         : ')) member.value = line.slice('      value         : '.length);
      else if (line.startsWith('      code          -')) member.code = { registers: 0, ins: 0, outs: 0, insns: 0 };
      else if (member.code && line.startsWith('      registers     :')) member.code.registers = Number(valueOf(line));
      else if (member.code && line.startsWith('      ins           :')) member.code.ins = Number(valueOf(line));
      else if (member.code && line.startsWith('      outs          :')) member.code.outs = Number(valueOf(line));
      else if (member.code && line.startsWith('      insns size    :')) member.code.insns = parseInt(valueOf(line), 10);
      else if (member.code && line.startsWith('      catches       :')) member.catches = [];
      else if (member.catches && member.positions === undefined && /^ {8}0x[0-9a-f]+ - 0x[0-9a-f]+$/.test(line)) {
        const [start, end] = line
          .trim()
          .split(' - ')
          .map((text) => parseInt(text, 16));
        member.catches.push(`${start}-${end}`);
      } else if (member.catches && member.positions === undefined && /^ {10}\S+ -> 0x[0-9a-f]+$/.test(line)) {
        const [type, address] = line.trim().split(' -> ');
        member.catches.push(`${type}->${parseInt(address as string, 16)}`);
      } else if (member.code && line.startsWith('      positions     :')) member.positions = [];
      else if (member.positions) {
        const match = /^ {8}0x([0-9a-f]+) line=(-?\d+)$/.exec(line);
        if (match) member.positions.push(`${parseInt(match[1] as string, 16)}:${match[2]}`);
      }
    }
  }
  return { fileHeader, classes };
}

/** `dexlist` lines: insns offset and byte length of every method with code, in class order. */
export function parseDexlist(
  text: string,
): Array<{ offset: number; bytes: number; className: string; method: string; signature: string }> {
  const out: Array<{ offset: number; bytes: number; className: string; method: string; signature: string }> = [];
  for (const line of text.split('\n')) {
    const match = /^0x([0-9a-f]+) (\d+) (\S+) (\S+) (\S+)/.exec(line);
    if (match) {
      out.push({
        offset: parseInt(match[1] as string, 16),
        bytes: Number(match[2]),
        className: match[3] as string,
        method: match[4] as string,
        signature: match[5] as string,
      });
    }
  }
  return out;
}

/** C printf "%g" (precision 6), as dexdump prints float and double values. */
export function formatG(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(5);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  const strip = (text: string): string => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);
  if (exponent < -4 || exponent >= 6) {
    const mantissa = strip(exponential.slice(0, exponential.indexOf('e')));
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return strip(value.toFixed(5 - exponent));
}

/** dexdump's escaping of a string value (dumpEscapedString), over latin1 tool text. */
export function escapeLikeDexdump(text: string): string {
  let out = '"';
  for (const character of text) {
    if (character === '\\') out += '\\\\';
    else if (character === '"') out += '\\"';
    else if (character === '\t') out += '\\t';
    else if (character === '\n') out += '\\n';
    else if (character === '\r') out += '\\r';
    else out += character;
  }
  return out + '"';
}
