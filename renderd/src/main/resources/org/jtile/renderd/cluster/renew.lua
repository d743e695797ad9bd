-- A host still renders these jobs: ARGV = prefix, host, lease (ms), job keys... Each lease the host still
-- holds runs until now + lease again; returns how many it holds.
local p, host, lease = ARGV[1], ARGV[2], tonumber(ARGV[3])
local t = redis.call('TIME')
local until_ = t[1] * 1000 + math.floor(t[2] / 1000) + lease
local held = 0
for i = 4, #ARGV do
  local job = redis.call('HGET', p .. ':jobs', ARGV[i])
  if job and string.match(job, '^%d|([^|]*)|') == host then
    redis.call('ZADD', p .. ':leases', 'XX', until_, ARGV[i])
    held = held + 1
  end
end
return held
