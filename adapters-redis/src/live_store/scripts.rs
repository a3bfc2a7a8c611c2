//! The Lua run inside Redis, so each push's bookkeeping is atomic and one round trip.
//!
//! Key layout under the prefix `p` (default `sentinel:live:`):
//!
//! | key | type | holds |
//! |---|---|---|
//! | `p seg:<camera>:<name>` | string | the segment's bytes (with a TTL) |
//! | `p idx:<camera>` | sorted set | the camera's segment names, scored by push order |
//! | `p pl:<camera>` | hash | `body` (rewritten playlist) and `at` (push time, ms) |
//! | `p all` | sorted set | `<camera>/<name>` of every segment, scored by push order |
//! | `p len` | hash | `<camera>/<name>` → byte length |
//! | `p bytes` | string | the sum of `p len`: the global byte total |
//! | `p seq` | string | the push-order counter |
//! | `p cams` | sorted set | cameras scored by their last push (ms) |
//! | `p evicted` | string | segments evicted by either cap since the store was created |
//!
//! Invariant: `p all`, `p len` and `p bytes` change together, so the total is always the
//! sum of what `p all` lists. A segment key that expired by its TTL stays listed until the
//! next push forgets it: every segment key has the same TTL, so keys expire in push order
//! and each push checks the oldest few entries. Camera names may hold `/`; segment names
//! never do, so a member splits at its last `/`.

/// Helpers every script starts with.
const PRELUDE: &str = r"
local p = ARGV[1]
local all, lens, bytes_key, cams = p .. 'all', p .. 'len', p .. 'bytes', p .. 'cams'

local function forget_member(member)
  local old = redis.call('HGET', lens, member)
  if old then
    redis.call('DECRBY', bytes_key, old)
    redis.call('HDEL', lens, member)
  end
  redis.call('ZREM', all, member)
  local camera, name = string.match(member, '^(.*)/([^/]*)$')
  if camera then
    redis.call('ZREM', p .. 'idx:' .. camera, name)
    redis.call('DEL', p .. 'seg:' .. camera .. ':' .. name)
  end
end

local function drop_camera(camera)
  local names = redis.call('ZRANGE', p .. 'idx:' .. camera, 0, -1)
  for _, name in ipairs(names) do
    forget_member(camera .. '/' .. name)
  end
  redis.call('DEL', p .. 'idx:' .. camera, p .. 'pl:' .. camera)
  redis.call('ZREM', cams, camera)
end
";

/// Stores one segment and applies both caps. ARGV: prefix, camera, name, bytes, per-camera
/// cap, byte cap, low-water mark, now (ms), idle-before (ms), key TTL (ms). Returns how
/// many segments the camera has.
const PUSH_SEGMENT_BODY: &str = r"
local camera, name, data = ARGV[2], ARGV[3], ARGV[4]
local len = string.len(data)
local per_camera, max_total, low_water = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now, idle_before, ttl = ARGV[8], ARGV[9], ARGV[10]
local member = camera .. '/' .. name
local index = p .. 'idx:' .. camera
local evicted = 0

redis.call('SET', p .. 'seg:' .. camera .. ':' .. name, data, 'PX', ttl)
local seq = redis.call('INCR', p .. 'seq')
local old = redis.call('HGET', lens, member)
if old then
  redis.call('DECRBY', bytes_key, old)
end
redis.call('HSET', lens, member, len)
redis.call('INCRBY', bytes_key, len)
redis.call('ZADD', all, seq, member)
redis.call('ZADD', index, seq, name)
redis.call('PEXPIRE', index, ttl)
redis.call('ZADD', cams, 'GT', now, camera)

local excess = redis.call('ZCARD', index) - per_camera
if excess > 0 then
  for _, oldest in ipairs(redis.call('ZRANGE', index, 0, excess - 1)) do
    forget_member(camera .. '/' .. oldest)
    evicted = evicted + 1
  end
end

for _, idle in ipairs(redis.call('ZRANGEBYSCORE', cams, '-inf', '(' .. idle_before, 'LIMIT', 0, 4)) do
  drop_camera(idle)
end

-- Every segment key gets the same TTL when pushed, so keys expire in push order: the
-- oldest few entries whose key is gone are forgotten here, which keeps the total exact.
for _ = 1, 4 do
  local oldest = redis.call('ZRANGE', all, 0, 0)
  if #oldest == 0 then
    break
  end
  local old_camera, old_name = string.match(oldest[1], '^(.*)/([^/]*)$')
  if old_camera and redis.call('EXISTS', p .. 'seg:' .. old_camera .. ':' .. old_name) == 1 then
    break
  end
  forget_member(oldest[1])
end

local total = tonumber(redis.call('GET', bytes_key) or '0')
if total > max_total then
  while total > low_water do
    local oldest = redis.call('ZRANGE', all, 0, 0)
    if #oldest == 0 then
      break
    end
    forget_member(oldest[1])
    evicted = evicted + 1
    total = tonumber(redis.call('GET', bytes_key) or '0')
  end
end

if evicted > 0 then
  redis.call('INCRBY', p .. 'evicted', evicted)
end
return redis.call('ZCARD', index)
";

/// ARGV: prefix, camera. Returns `{body, at, largest}` or nil.
const READ_PLAYLIST_BODY: &str = r"
local camera = ARGV[2]
local playlist = redis.call('HMGET', p .. 'pl:' .. camera, 'body', 'at')
if not playlist[1] or not playlist[2] then
  return false
end
local largest = 0
for _, name in ipairs(redis.call('ZRANGE', p .. 'idx:' .. camera, 0, -1)) do
  local len = tonumber(redis.call('HGET', lens, camera .. '/' .. name) or '0')
  if len > largest then
    largest = len
  end
end
return {playlist[1], playlist[2], largest}
";

/// ARGV: prefix, camera, count (a decimal integer). Returns the newest `count` segments
/// by push order as `{name, bytes, name, bytes, ...}`, oldest first, skipping names whose
/// key expired; nil when the camera lists no segment.
const NEWEST_SEGMENTS_BODY: &str = r"
local camera, count = ARGV[2], ARGV[3]
local index = p .. 'idx:' .. camera
if redis.call('EXISTS', index) == 0 then
  return false
end
local found = {}
if count == '0' then
  return found
end
for _, name in ipairs(redis.call('ZRANGE', index, '-' .. count, -1)) do
  local data = redis.call('GET', p .. 'seg:' .. camera .. ':' .. name)
  if data then
    found[#found + 1] = name
    found[#found + 1] = data
  end
end
return found
";

/// ARGV: prefix, camera.
const DROP_CAMERA_BODY: &str = r"
drop_camera(ARGV[2])
return 1
";

pub fn push_segment() -> String {
    [PRELUDE, PUSH_SEGMENT_BODY].concat()
}

pub fn read_playlist() -> String {
    [PRELUDE, READ_PLAYLIST_BODY].concat()
}

pub fn newest_segments() -> String {
    [PRELUDE, NEWEST_SEGMENTS_BODY].concat()
}

pub fn drop_camera() -> String {
    [PRELUDE, DROP_CAMERA_BODY].concat()
}
