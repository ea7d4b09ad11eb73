/**
 * The abstract state's sharing (state.ts): copies share the heap, each object's fields and the
 * statics until one side writes; a join skips what it already joined without change (and a join
 * it just made), and must see a change again once either side writes. Each case is one sequence of writes and joins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { State, type Initials } from './state.js';
import { intValue, type Value } from './domain/values.js';

const OBJECT = 7;
const FIELD = 'Lcom/a/B;->f:I';
const OTHER = 'Lcom/a/B;->g:I';

/** Initial values: every field holds [0, 0] before the method; `version` can be bumped by the test. */
function initials(): Initials & { bump(): void; asked: number } {
  let version = 0;
  const out = {
    asked: 0,
    field: (): Value => {
      out.asked++;
      return intValue(0);
    },
    static: (): Value => intValue(0),
    version: (): number => version,
    bump: (): void => {
      version++;
    },
  };
  return out;
}

const range = (state: State, field = FIELD): string => {
  const value = state.field(OBJECT, field);
  return value?.int === undefined ? 'none' : `${value.int.lo}..${value.int.hi}`;
};

test('state: a copy does not see the writes of its source, nor the source those of the copy', () => {
  const source = State.empty(2);
  source.setField(OBJECT, FIELD, intValue(1));
  source.setStatic('Lcom/a/B;->s:I', intValue(5));
  const copy = source.copy();
  source.setField(OBJECT, FIELD, intValue(2));
  copy.setField(OBJECT, OTHER, intValue(3));
  copy.setStatic('Lcom/a/B;->s:I', intValue(6));
  assert.equal(range(source), '2..2');
  assert.equal(range(copy), '1..1');
  assert.equal(range(source, OTHER), 'none');
  assert.equal(range(copy, OTHER), '3..3');
  assert.equal(source.staticValue('Lcom/a/B;->s:I')?.int?.lo, 5);
  assert.equal(copy.staticValue('Lcom/a/B;->s:I')?.int?.lo, 6);
});

test('state: a join of a shared heap changes nothing and asks for no initial value', () => {
  const values = initials();
  const entry = State.empty(1);
  entry.setField(OBJECT, FIELD, intValue(1));
  const incoming = entry.copy();
  assert.equal(entry.joinFrom(incoming, values, false), false);
  assert.equal(values.asked, 0);
});

test('state: a join that changed nothing is skipped next time, and seen again after the incoming side writes', () => {
  const values = initials();
  const entry = State.empty(1);
  entry.setField(OBJECT, FIELD, intValue(0, 4));
  const incoming = State.empty(1);
  incoming.setField(OBJECT, FIELD, intValue(2));
  // [0, 4] already holds 2: no change, remembered.
  assert.equal(entry.joinFrom(incoming, values, false), false);
  assert.equal(entry.joinFrom(incoming, values, false), false);
  // The incoming path writes its map (in place before the memo; a copy now): the join must see it.
  incoming.setField(OBJECT, FIELD, intValue(9));
  assert.equal(entry.joinFrom(incoming, values, false), true);
  assert.equal(range(entry), '0..9');
});

test('state: the join memo is dropped when this side writes the object or the initial values change', () => {
  const values = initials();
  const entry = State.empty(1);
  entry.setField(OBJECT, FIELD, intValue(0, 4));
  entry.setField(OBJECT, OTHER, intValue(0));
  const incoming = State.empty(1);
  incoming.setField(OBJECT, FIELD, intValue(1));
  assert.equal(entry.joinFrom(incoming, values, false), false);
  const asked = values.asked;
  // Skipped: OTHER's initial value is not asked for again.
  entry.joinFrom(incoming, values, false);
  assert.equal(values.asked, asked);
  // This side narrows FIELD: joining the same incoming map widens it again.
  entry.setField(OBJECT, FIELD, intValue(3));
  assert.equal(entry.joinFrom(incoming, values, false), true);
  assert.equal(range(entry), '1..3');
  // New initial values: the join asks again.
  values.bump();
  entry.joinFrom(incoming, values, false);
  assert.ok(values.asked > asked);
});

test('state: a join repeated with no write on either side is skipped, also through a copy of the same maps', () => {
  const values = initials();
  const handler = State.empty(1);
  handler.setField(OBJECT, FIELD, intValue(0, 4));
  const running = State.empty(1);
  running.setField(OBJECT, OTHER, intValue(1));
  // A copy (an instruction's state before it may throw) leaves both sides' maps shared, so written by neither.
  assert.equal(handler.joinFrom(running.copy(), values, false), true);
  const asked = values.asked;
  // Another copy of the same maps, then the running state itself: nothing is asked again.
  assert.equal(handler.joinFrom(running.copy(), values, false), false);
  assert.equal(handler.joinFrom(running, values, false), false);
  assert.equal(values.asked, asked);
  // A write on the running side (in its own maps now) is joined.
  running.setField(OBJECT, OTHER, intValue(7));
  assert.equal(handler.joinFrom(running, values, false), true);
  assert.equal(range(handler, OTHER), '0..7');
  // A write on the handler's side makes the next join run again: it widens FIELD back.
  handler.setField(OBJECT, FIELD, intValue(3));
  assert.equal(handler.joinFrom(running, values, false), true);
  assert.equal(range(handler), '0..3');
});

test('state: an exception edge joins the caught value and no call result', () => {
  const values = initials();
  const handler = State.empty(1);
  const running = State.empty(1);
  running.result = intValue(4);
  running.exception = intValue(8);
  assert.equal(handler.joinFrom(running, values, false, true, intValue(5)), true);
  assert.equal(handler.result, undefined);
  assert.equal(handler.exception?.int?.lo, 5);
  // The running state is left as it was.
  assert.equal(running.result.int?.lo, 4);
  assert.equal(running.exception.int?.lo, 8);
});
