// The Redis adapter's server-side scripts. Redis runs one script at a time, so each script is atomic: the version
// check and the writes cannot interleave with another append, and positions are committed in order, without gaps.
//
// Keys (all share the hash tag {ns}, so a script only ever touches one cluster slot):
//   {ns}:log              Redis Stream, the global log; entry id "<position>-0"; fields e s v t r d m
//                         (eventId, streamId, version, type, recordedAt in ms, data JSON, metadata JSON)
//   {ns}:head             the last position handed out
//   {ns}:ids              hash eventId -> "<position>|<first position of its append>|<events in it>|<expected>"
//   {ns}:streams          sorted set of stream ids (score 0, read in lexical order)
//   {ns}:stream:<id>      list of the stream's positions; its length is the stream's version
//   {ns}:snap:<id>        hash: the stream's newest snapshot (v version, sv schemaVersion, a at, s state JSON)

/**
 * KEYS: log, head, ids, streams, stream. ARGV: streamId, expected, n, then per event: eventId, type, data, metadata.
 * Returns {'ok', version, firstPosition, recordedAtMs} | {'retry', version, firstPosition}
 *       | {'conflict', actualVersion} | {'duplicate', eventId}.
 */
export const APPEND = `
local log, head, ids, streams, stream = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local streamId, expected, n = ARGV[1], ARGV[2], tonumber(ARGV[3])

local eventIds = {}
for i = 1, n do eventIds[i] = ARGV[3 + (i - 1) * 4 + 1] end
local known = redis.call('HMGET', ids, unpack(eventIds))
local firstKnown = nil
for i = 1, n do
  if known[i] then firstKnown = i break end
end

if firstKnown then
  -- Known ids: either the exact retry of an earlier append (same ids, same order, same stream, same expected
  -- version: answer as the first time and write nothing), or a reuse, which is refused.
  local f = known[1]
  if f then
    local pos, first, count, exp = string.match(f, '^(%d+)|(%d+)|(%d+)|(.*)$')
    if pos == first and tonumber(count) == n and exp == expected then
      local same = true
      for i = 2, n do
        local v = known[i]
        if (not v) or tonumber(string.match(v, '^(%d+)|')) ~= tonumber(first) + i - 1 then
          same = false
          break
        end
      end
      if same then
        local entry = redis.call('XRANGE', log, first .. '-0', first .. '-0')[1]
        local fields = entry[2]
        if fields[4] == streamId then
          return {'retry', tonumber(fields[6]) + n - 1, tonumber(first)}
        end
      end
    end
  end
  return {'duplicate', eventIds[firstKnown]}
end

local version = redis.call('LLEN', stream)
local ok
if expected == 'any' then ok = true
elseif expected == 'no_stream' then ok = version == 0
elseif expected == 'stream_exists' then ok = version > 0
else ok = version == tonumber(expected) end
if not ok then return {'conflict', version} end

local last = redis.call('INCRBY', head, n)
local first = last - n + 1
local firstStr = string.format('%d', first)
local t = redis.call('TIME')
local ms = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))

local positions = {}
local idArgs = {}
for i = 1, n do
  local base = 3 + (i - 1) * 4
  local pos = string.format('%d', first + i - 1)
  redis.call('XADD', log, pos .. '-0',
    'e', ARGV[base + 1], 's', streamId, 'v', version + i, 't', ARGV[base + 2],
    'r', ms, 'd', ARGV[base + 3], 'm', ARGV[base + 4])
  positions[i] = pos
  idArgs[2 * i - 1] = ARGV[base + 1]
  idArgs[2 * i] = pos .. '|' .. firstStr .. '|' .. n .. '|' .. expected
end
redis.call('HSET', ids, unpack(idArgs))
redis.call('RPUSH', stream, unpack(positions))
if version == 0 then redis.call('ZADD', streams, 0, streamId) end
return {'ok', version + n, first, ms}
`;

/**
 * KEYS: stream, log. ARGV: fromVersion, toVersion, backward ('1' | '0'), limit.
 * Returns the log entries of the stream's events in the range, in the asked order.
 */
export const READ_STREAM = `#!lua flags=no-writes
local len = redis.call('LLEN', KEYS[1])
local from = tonumber(ARGV[1])
local to = math.min(tonumber(ARGV[2]), len)
if from > to then return {} end
local limit = tonumber(ARGV[4])
local backward = ARGV[3] == '1'
local lo, hi
if backward then
  hi = to
  lo = math.max(from, to - limit + 1)
else
  lo = from
  hi = math.min(to, from + limit - 1)
end
local ps = redis.call('LRANGE', KEYS[1], lo - 1, hi - 1)
local out = {}
local a, b, step = 1, #ps, 1
if backward then a, b, step = #ps, 1, -1 end
for i = a, b, step do
  local id = ps[i] .. '-0'
  out[#out + 1] = redis.call('XRANGE', KEYS[2], id, id)[1]
end
return out
`;

/** KEYS: snapshot hash. ARGV: version, schemaVersion, at, state. Keeps only a newer snapshot; returns 1 if kept. */
export const SAVE_SNAPSHOT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'sv', ARGV[2], 'a', ARGV[3], 's', ARGV[4])
return 1
`;
