-- For metrics: ARGV = prefix. Returns the jobs waiting per class (prio .. bulk), the jobs leased, and the
-- take-overs so far.
local p = ARGV[1]
local out = {}
for c = 0, 4 do
  out[#out + 1] = redis.call('ZCARD', p .. ':q:' .. c)
end
out[#out + 1] = redis.call('ZCARD', p .. ':leases')
out[#out + 1] = tonumber(redis.call('HGET', p .. ':stats', 'takeovers') or '0')
return out
