"""Signing up and logging in keep working while the cache (Redis) is unreachable."""

import pytest
from django.test import override_settings

from accounts.models import User

# Nothing listens on port 9 (discard): every cache call fails with a connection error.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}


@pytest.mark.django_db
def test_login_works_unthrottled_while_the_cache_is_down(api, user):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        wrong = api.post("/api/auth/token/", {"email": user.email, "password": "nope"})
        right = api.post(
            "/api/auth/token/", {"email": user.email, "password": "correct-horse-battery"}
        )

    assert wrong.status_code == 400
    assert right.status_code == 200
    assert right.json()["token"]


@pytest.mark.django_db
def test_sign_up_works_while_the_cache_is_down(api):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = api.post(
            "/api/auth/register/",
            {
                "email": "neu@example.org",
                "password": "a-long-enough-passphrase",
                "display_name": "Neu",
                "sector": "citizen",
                "accept_house_rules": True,
            },
        )

    assert response.status_code == 202
    assert User.objects.filter(email="neu@example.org").exists()
