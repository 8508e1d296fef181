"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call. The
connections come from a pool either way, but redis-py 8 sets up ~170 response
callbacks in each client's constructor: about half of a cached page's cache CPU time
(measured in bench/catalog.py, docs/catalog.md). A client is thread-safe and only
wraps the pool, so one per pool is enough. Chosen in settings when CACHE_URL is
redis://.
"""
from __future__ import annotations

from django.core.cache.backends import redis as django_redis
from django.utils.functional import cached_property


class PooledClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    @cached_property
    def _cache(self) -> PooledClientRedisCacheClient:
        return PooledClientRedisCacheClient(self._servers, **self._options)
