-- A host announces a job: ARGV = prefix, job key, class (0 = prio .. 4 = bulk), fairness key, options.
-- A job is one field of <prefix>:jobs, "<class>|<owner>|<options>" (owner empty while it waits), and one
-- member of the sorted set of its class, scored by start-time fair queueing: a client's next job goes one
-- turn after its previous one or after the class's current turn, whichever is later. So clients take turns
-- across every host, and one with a thousand jobs waiting does not delay one with a single job.
local p, key, class, fair, options = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local jobs = p .. ':jobs'

local function turn(c)
  local now = tonumber(redis.call('HGET', p .. ':turn', c) or '0')
  local field = c .. '|' .. fair
  local last = tonumber(redis.call('HGET', p .. ':clients', field) or '0')
  local score = math.max(now, last) + 1
  redis.call('HSET', p .. ':clients', field, score)
  return score
end

local held = redis.call('HGET', jobs, key)
if held then
  local c, owner, opts = string.match(held, '^(%d)|([^|]*)|(.*)$')
  c = tonumber(c)
  if owner == '' and class < c then
    redis.call('ZREM', p .. ':q:' .. c, key)
    redis.call('ZADD', p .. ':q:' .. class, turn(class), key)
    redis.call('HSET', jobs, key, class .. '||' .. opts)
    redis.call('PUBLISH', p .. ':work', class)
    return 'promoted'
  end
  return 'attached'
end
redis.call('HSET', jobs, key, class .. '||' .. options)
redis.call('ZADD', p .. ':q:' .. class, turn(class), key)
redis.call('PUBLISH', p .. ':work', class)
return 'queued'
