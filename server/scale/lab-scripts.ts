// The lab directory's writes as Lua scripts: Redis runs each one whole, with nothing in between, so "count the labs,
// then add one" and "find a free name, then take it" cannot interleave between nodes. Every script that changes a
// lab ends by PUBLISHing the lab's new snapshot, in the same order Redis ran the scripts, so every node's replica
// sees the changes in one order; `ver` lets a replica drop a snapshot older than one it already has.
//
// Keys (P = the deployment prefix + "lab:"): P..id a hash {kind, createdAt, lastActive, shared, ver, seq};
// P..id..":members" socket id -> JSON {n: name, s: skeleton, b: skeleton of the name asked for, o: join order,
// d: node, k: digest of the member's secret}; P..id..":taken" the skeletons in use; P..id..":secrets" secret
// digest -> socket id (the snapshot never carries b or k: no node needs them, and none should learn them);
// KEYS[1] a sorted set of lab ids scored by when each expires (OCCUPIED while anyone is in it).

/** Score of a lab somebody is in: never expires by score (its keys persist too). */
export const OCCUPIED = 9e15;

// Shared helpers, prepended to each script. `digits` maps a suffix the way nameSkeleton maps digits
// (0 -> o, 1 -> l, 5 -> s), so base skeleton .. " " .. digits(n) is nameSkeleton(base .. " " .. n).
const HELPERS = `
local P = ARGV[1]
local function digits(n)
  return (tostring(n):gsub('[015]', { ['0'] = 'o', ['1'] = 'l', ['5'] = 's' }))
end
local function snapshot(id)
  local h = redis.call('HGETALL', P .. id)
  if #h == 0 then return nil end
  local lab = { id = id }
  for i = 1, #h, 2 do lab[h[i]] = h[i + 1] end
  local raw = redis.call('HGETALL', P .. id .. ':members')
  local members = {}
  for i = 1, #raw, 2 do
    local m = cjson.decode(raw[i + 1])
    members[#members + 1] = { raw[i], m.n, m.d, m.o }
  end
  table.sort(members, function(a, b) return a[4] < b[4] end)
  lab.members = members
  return cjson.encode(lab)
end
local function publish(channel, id)
  local s = snapshot(id)
  if s then redis.call('PUBLISH', channel, s) end
  return s
end
`;

/**
 * KEYS[1] the lab set. ARGV: prefix, id, kind, now, maxLabs, first idle ms, gc ms, channel.
 * Drops labs whose time is up, then adds one. Returns the snapshot, or 'full' / 'exists'.
 */
export const CREATE = `${HELPERS}
local id, kind, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for _, old in ipairs(gone) do
  redis.call('DEL', P .. old, P .. old .. ':members', P .. old .. ':taken', P .. old .. ':secrets')
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], id) then return 'exists' end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 'full' end
redis.call('DEL', P .. id .. ':members', P .. id .. ':taken', P .. id .. ':secrets')
redis.call('HSET', P .. id, 'kind', kind, 'createdAt', now, 'lastActive', now, 'shared', 0, 'ver', 1, 'seq', 0)
redis.call('PEXPIRE', P .. id, tonumber(ARGV[6]) + tonumber(ARGV[7]))
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[6]), id)
return publish(ARGV[8], id)
`;

/**
 * KEYS[1] the lab set. ARGV: prefix, id, socket id, name, skeleton of the name, now, maxSocketsPerLab, channel,
 * node, digest of the secret shown ('' for none), digest of the new secret. Returns { snapshot, name given } or
 * { snapshot, name, socket id replaced } or 'unknown' / 'full'. A socket already in the lab keeps its name; a
 * secret shown that names a listed member with this name takes that member's place (same name, new socket id).
 * Either way the socket's new secret replaces its old one.
 */
export const JOIN = `${HELPERS}
local id, sid, base, skel, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local shown, fresh = ARGV[10], ARGV[11]
local score = redis.call('ZSCORE', KEYS[1], id)
if not score or tonumber(score) <= now or redis.call('EXISTS', P .. id) == 0 then return 'unknown' end
local M, T, K = P .. id .. ':members', P .. id .. ':taken', P .. id .. ':secrets'
local function rekey(socket, m)
  if m.k then redis.call('HDEL', K, m.k) end
  m.k = fresh
  redis.call('HSET', K, fresh, socket)
  redis.call('PERSIST', K)
end
local mine = redis.call('HGET', M, sid)
if mine then
  local m = cjson.decode(mine)
  rekey(sid, m)
  redis.call('HSET', M, sid, cjson.encode(m))
  return { snapshot(id), m.n }
end
local owner = shown ~= '' and redis.call('HGET', K, shown)
local theirs = owner and redis.call('HGET', M, owner)
if theirs then
  local m = cjson.decode(theirs)
  if m.s == skel or m.b == skel then
    redis.call('HDEL', M, owner)
    rekey(sid, m)
    m.d = ARGV[9]
    m.o = redis.call('HINCRBY', P .. id, 'seq', 1)
    redis.call('HSET', M, sid, cjson.encode(m))
    redis.call('HSET', P .. id, 'lastActive', now)
    redis.call('HINCRBY', P .. id, 'ver', 1)
    return { publish(ARGV[8], id), m.n, owner }
  end
end
local count = redis.call('HLEN', M)
if count >= tonumber(ARGV[7]) then return 'full' end
local name, given = base, skel
if redis.call('SISMEMBER', T, skel) == 1 then
  local n = 2
  while redis.call('SISMEMBER', T, skel .. ' ' .. digits(n)) == 1 do n = n + 1 end
  name, given = base .. ' ' .. n, skel .. ' ' .. digits(n)
end
redis.call('SADD', T, given)
local seq = redis.call('HINCRBY', P .. id, 'seq', 1)
redis.call('HSET', M, sid, cjson.encode({ n = name, s = given, b = skel, o = seq, d = ARGV[9], k = fresh }))
redis.call('HSET', K, fresh, sid)
if count > 0 then redis.call('HSET', P .. id, 'shared', 1) end
redis.call('HSET', P .. id, 'lastActive', now)
redis.call('HINCRBY', P .. id, 'ver', 1)
redis.call('PERSIST', P .. id)
redis.call('PERSIST', T)
redis.call('PERSIST', K)
redis.call('ZADD', KEYS[1], ${OCCUPIED}, id)
return { publish(ARGV[8], id), name }
`;

/**
 * KEYS[1] the lab set. ARGV: prefix, id, socket id, now, labIdleMs, unsharedLabIdleMs, gc ms, channel.
 * Frees the socket's name; an emptied lab starts its idle clock (score and key expiry). Returns the snapshot.
 */
export const LEAVE = `${HELPERS}
local id, sid, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local M, T, K = P .. id .. ':members', P .. id .. ':taken', P .. id .. ':secrets'
local mine = redis.call('HGET', M, sid)
if not mine then return false end
local m = cjson.decode(mine)
redis.call('SREM', T, m.s)
if m.k then redis.call('HDEL', K, m.k) end
redis.call('HDEL', M, sid)
redis.call('HSET', P .. id, 'lastActive', now)
redis.call('HINCRBY', P .. id, 'ver', 1)
if redis.call('HLEN', M) == 0 then
  local idle = tonumber(ARGV[5])
  if redis.call('HGET', P .. id, 'shared') ~= '1' then idle = math.min(idle, tonumber(ARGV[6])) end
  redis.call('ZADD', KEYS[1], now + idle, id)
  redis.call('PEXPIRE', P .. id, idle + tonumber(ARGV[7]))
  redis.call('PEXPIRE', T, idle + tonumber(ARGV[7]))
  redis.call('PEXPIRE', K, idle + tonumber(ARGV[7]))
end
return publish(ARGV[8], id)
`;

/** KEYS[1] the lab set. ARGV: prefix, now. The snapshots of every lab whose time is not up (a node starting). */
export const ALL = `${HELPERS}
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], '+inf')) do
  local s = snapshot(id)
  if s then out[#out + 1] = s end
end
return out
`;
