-- A job ended on a host: ARGV = prefix, host, job key, result (a Command name), 1 if the host took it from
-- here. A job the host holds is forgotten; after a Done render, so is a copy still waiting (the host rendered
-- it alone while Redis was away, or its lease ran out and it was queued again). A job another host has taken
-- meanwhile stays with that host. The result is announced either way, so every host answers its waiters.
local p, host, key, result, taken = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5] == '1'
local jobs = p .. ':jobs'
local held = redis.call('HGET', jobs, key)
if held then
  local c, owner = string.match(held, '^(%d)|([^|]*)|')
  if (taken and owner == host) or (owner == '' and result == 'DONE') then
    redis.call('HDEL', jobs, key)
    redis.call('ZREM', p .. ':leases', key)
    redis.call('ZREM', p .. ':q:' .. c, key)
  end
end
if taken then
  redis.call('HINCRBY', p .. ':stats', 'rendered|' .. host, 1)
end
redis.call('PUBLISH', p .. ':done', result .. '|' .. key)
return 1
