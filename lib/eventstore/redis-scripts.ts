// The Redis adapter's server-side scripts. Redis runs one script at a time, so each script is atomic: the version
// check and the writes cannot interleave with another append, and positions are committed in order, without gaps.
//
// Layout 3 (docs/event-store.md, "Redis keys"). Every key shares the hash tag {ns}, so a script touches one slot:
//   {ns}:log              Redis Stream, the global log; entry id "<position>-<recordedAt ms>", one field per entry:
//                         its name is "streamId US version", its value the event's body
//   {ns}:s:<id>           list, the stream's events in version order, two elements each: "position US ms", then
//                         the body (elements 2v-1 and 2v hold version v)
//   {ns}:head             "<last position handed out> <recordedAt ms of the last append>": recordedAt never
//                         decreases along the log (the position is checked against the log's length)
//   {ns}:eventids         hash eventId -> "<position>|<events in its append>|<expected>" for the first event of an
//                         append, "<position>" for the others (enough to recognise a retry of that same append)
//   {ns}:streams          sorted set of stream ids (score 0, read in lexical order)
//   {ns}:snap:<id>        hash: the stream's newest snapshot (v version, sv schemaVersion, a at, s state JSON)
//   {ns}:layout           "3"
// An event's body is "eventId US type US data US metadata", built by the client and stored as it came, in both
// copies: the script concatenates no long strings (each such concatenation made Redis's one thread copy the whole
// event once more). US is the ASCII unit separator (\x1f). The store refuses control characters in stream ids,
// event ids and types, and JSON text never holds a raw one, so US cannot occur inside a field. Each event is stored
// twice, in its stream's list (a stream read is one LRANGE) and in the log (a catch-up is one XRANGE), as a minimal
// correct store must.

/** The field separator inside stored entries. */
export const US = '\x1f';

/** The value of {ns}:layout this code writes and reads. */
export const LAYOUT = '3';

/**
 * KEYS: log, head, eventids, streams, stream list.
 * ARGV: streamId, expected, n, then per event: eventId, body ("eventId US type US data US metadata").
 * Returns {'ok', version, firstPosition, recordedAtMs} | {'retry', version, firstPosition}
 *       | {'conflict', actualVersion} | {'duplicate', eventId}.
 * Each redis.call costs about 1-2 µs of Redis's one thread, so the common path makes as few as it can: a single
 * event's id is claimed with HSETNX (the lookup and the write in one), and the head holds the clock too. Every check
 * that can refuse comes before the first write, and no write after it can fail on ids or positions: a refused
 * append writes nothing.
 */
export const APPEND = `
local log, head, ids, streams, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local streamId, expected, n = ARGV[1], ARGV[2], tonumber(ARGV[3])

local eventIds = {}
for i = 1, n do eventIds[i] = ARGV[2 + 2 * i] end

-- Some ids are stored already: either the exact retry of an earlier append (same ids, same order, same stream, same
-- expected version: answer as the first time and write nothing), or a reuse, which is refused. nil: none is known.
local function known()
  local found = redis.call('HMGET', ids, unpack(eventIds))
  local firstKnown = nil
  for i = 1, n do
    if found[i] then firstKnown = i break end
  end
  if not firstKnown then return nil end
  local f = found[1]
  if f then
    local pos, count, exp = string.match(f, '^(%d+)|(%d+)|(.*)$')
    if pos and tonumber(count) == n and exp == expected then
      local same = true
      for i = 2, n do
        if found[i] ~= string.format('%d', tonumber(pos) + i - 1) then
          same = false
          break
        end
      end
      if same then
        local entry = redis.call('XRANGE', log, pos, pos)[1]
        local sid, ver = string.match(entry[2][1], '^(.*)\\31(%d+)$')
        if sid == streamId then
          return {'retry', tonumber(ver) + n - 1, tonumber(pos)}
        end
      end
    end
  end
  return {'duplicate', eventIds[firstKnown]}
end

local version = redis.call('LLEN', stream) / 2
local ok
if expected == 'any' then ok = true
elseif expected == 'no_stream' then ok = version == 0
elseif expected == 'stream_exists' then ok = version > 0
else ok = version == tonumber(expected) end
if not ok then
  return known() or {'conflict', version}
end

-- Positions come from the log itself: it holds positions 1..N, one entry each, and is never trimmed, so its length
-- is the last position handed out. The head, "<last position> <recordedAt ms of the last append>", keeps the time;
-- a head that disagrees with the log was written by something other than this script, and nothing is written over
-- it (checked before any write). A lost head is rebuilt: the last append's time is in the last entry's id.
local last = redis.call('XLEN', log)
local previous = 0
local h = redis.call('GET', head)
if h then
  local p, c = string.match(h, '^(%d+) (%d+)$')
  if not p or #c > 15 or tonumber(p) ~= last then
    return redis.error_reply('ERR the head of the log ("' .. h .. '") does not match the log, which holds ' .. last ..
      ' events: nothing was written (delete the head key to rebuild it from the log)')
  end
  previous = tonumber(c)
elseif last > 0 then
  previous = tonumber(string.match(redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)[1][1], '-(%d+)$'))
end
local first = last + 1
if n == 1 then
  if redis.call('HSETNX', ids, eventIds[1], string.format('%d', first) .. '|1|' .. expected) == 0 then
    return known()
  end
else
  local r = known()
  if r then return r end
end

-- recordedAt: the server's clock, but never before the previous append's (a clock stepped back by NTP).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if previous > now then now = previous end
local ms = string.format('%d', now)
redis.call('SET', head, string.format('%d', last + n) .. ' ' .. ms)

-- Both copies store the body as the client sent it; only short headers are built here. Numbers become strings with
-- string.format('%d'): Lua's own conversion (tostring, or a number in a concatenation) formats a double with
-- "%.14g", which took about 8% of Redis's time per append of 10 (perf). Each header is one concatenation.
local entries = {}
local idArgs = {}
local prefix = streamId .. '\\31'
local dashMs, usMs = '-' .. ms, '\\31' .. ms
for i = 1, n do
  local pos = string.format('%d', first + i - 1)
  local body = ARGV[3 + 2 * i]
  redis.call('XADD', log, pos .. dashMs, prefix .. string.format('%d', version + i), body)
  entries[2 * i - 1] = pos .. usMs
  entries[2 * i] = body
  idArgs[2 * i - 1] = eventIds[i]
  if i == 1 then idArgs[2] = pos .. '|' .. string.format('%d', n) .. '|' .. expected else idArgs[2 * i] = pos end
end
if n > 1 then redis.call('HSET', ids, unpack(idArgs)) end
redis.call('RPUSH', stream, unpack(entries))
if version == 0 then redis.call('ZADD', streams, '0', streamId) end
return {'ok', version + n, first, ms}
`;

/**
 * KEYS: stream list. ARGV: fromVersion, toVersion, limit.
 * The newest `limit` events of the versions [fromVersion, toVersion], oldest first (two elements each), and the
 * version of the first: {firstVersion, elements}. (A forward read needs no script: the list index gives the version.)
 */
export const READ_STREAM_BACKWARD = `#!lua flags=no-writes
local len = redis.call('LLEN', KEYS[1]) / 2
local from = tonumber(ARGV[1])
local to = math.min(tonumber(ARGV[2]), len)
if from > to then return {0, {}} end
local lo = math.max(from, to - tonumber(ARGV[3]) + 1)
return {lo, redis.call('LRANGE', KEYS[1], 2 * lo - 2, 2 * to - 1)}
`;

/**
 * KEYS: head, layout, log. Marks a namespace with no head and no log as layout 3; returns the namespace's layout:
 * "3", an earlier one ("2"), or false when there is data but no layout key (the first layout's, or a lost key),
 * which redis-migrate.ts sorts out.
 */
export const CLAIM_LAYOUT = `
if redis.call('EXISTS', KEYS[1], KEYS[3]) == 0 then redis.call('SET', KEYS[2], '${LAYOUT}', 'NX') end
return redis.call('GET', KEYS[2])
`;

/**
 * KEYS: snapshot hash, stream list. ARGV: version, schemaVersion, at, state, at in ms.
 * Keeps only a newer snapshot that agrees with the log: returns 1 if kept, 0 if not newer, {-1} when the stream
 * holds no such version, {-2, ms} when that version was recorded at another time (ms).
 */
export const SAVE_SNAPSHOT = `
local header = redis.call('LINDEX', KEYS[2], 2 * tonumber(ARGV[1]) - 2)
if not header then return {-1} end
local ms = string.match(header, '\\31(%d+)$')
if ms ~= ARGV[5] then return {-2, ms} end
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'sv', ARGV[2], 'a', ARGV[3], 's', ARGV[4])
return 1
`;
