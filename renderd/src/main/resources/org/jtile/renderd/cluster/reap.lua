-- Any host, now and then: jobs whose lease ran out (their host died or lost Redis) wait again, at the front
-- of their class. ARGV = prefix, most jobs to take over in one call. Returns how many were taken over.
local p, most = ARGV[1], tonumber(ARGV[2])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local expired = redis.call('ZRANGEBYSCORE', p .. ':leases', '-inf', now, 'LIMIT', 0, most)
for _, key in ipairs(expired) do
  redis.call('ZREM', p .. ':leases', key)
  local held = redis.call('HGET', p .. ':jobs', key)
  if held then
    local c, owner, options = string.match(held, '^(%d)|([^|]*)|(.*)$')
    redis.call('HSET', p .. ':jobs', key, c .. '||' .. options)
    redis.call('ZADD', p .. ':q:' .. c, tonumber(redis.call('HGET', p .. ':turn', c) or '0'), key)
    redis.call('HINCRBY', p .. ':stats', 'takeovers', 1)
    redis.call('PUBLISH', p .. ':work', c)
  end
end
-- Clients' last turns only matter while ahead of their class's turn; forget them all when too many pile up.
if redis.call('HLEN', p .. ':clients') > 100000 then
  redis.call('DEL', p .. ':clients')
end
return #expired
