-- A host's render thread takes the next job: ARGV = prefix, host, lease (ms), most turns a waiting class is
-- passed over. The class is chosen as one host's queue chooses it (first non-empty in priority order, unless
-- a lower one was passed over too often); the job is leased to the host until now + lease.
-- Returns {job key, class, options}, or nil when every class is empty.
local p, host, lease, maxSkips = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local sizes, serve, starved = {}, nil, nil
for c = 0, 4 do
  local n = redis.call('ZCARD', p .. ':q:' .. c)
  sizes[c] = n
  if n > 0 then
    if serve == nil then
      serve = c
    elseif starved == nil and tonumber(redis.call('HGET', p .. ':skipped', c) or '0') >= maxSkips then
      starved = c
    end
  end
end
if serve == nil then
  return nil
end
if starved then
  serve = starved
end
for c = 0, 4 do
  if c == serve or sizes[c] == 0 then
    redis.call('HDEL', p .. ':skipped', c)
  else
    redis.call('HINCRBY', p .. ':skipped', c, 1)
  end
end
local popped = redis.call('ZPOPMIN', p .. ':q:' .. serve)
local key = popped[1]
redis.call('HSET', p .. ':turn', serve, popped[2])
local options = string.match(redis.call('HGET', p .. ':jobs', key) or '0||', '^%d|[^|]*|(.*)$')
redis.call('HSET', p .. ':jobs', key, serve .. '|' .. host .. '|' .. options)
local t = redis.call('TIME')
redis.call('ZADD', p .. ':leases', t[1] * 1000 + math.floor(t[2] / 1000) + lease, key)
return {key, tostring(serve), options}
