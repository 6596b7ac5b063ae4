"""The views interop/scenarios.py calls; they answer in JSON like the Rust example service."""

from django.contrib.auth import authenticate, get_user_model, login
from django.core import signing
from django.http import HttpResponse, JsonResponse


def error(slug, status):
    return JsonResponse({"error": slug}, status=status)


def login_view(request):
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return error("bad-credentials", 401)
    login(request, user)
    return JsonResponse({"id": user.pk, "username": user.username})


def me(request):
    if request.user.is_authenticated:
        return JsonResponse({"id": request.user.pk, "username": request.user.username})
    return error("anonymous", 401)


def session_view(request):
    return JsonResponse(dict(request.session.items()))


def session_set(request):
    request.session[request.GET["key"]] = request.GET["value"]
    if "expiry" in request.GET:
        request.session.set_expiry(int(request.GET["expiry"]))
    return JsonResponse(dict(request.session.items()))


def signed(request):
    name, salt = request.GET.get("name", ""), request.GET.get("salt", "")
    try:
        value = request.get_signed_cookie(name, salt=salt)
    except KeyError:
        return error("no-such-cookie", 404)
    except signing.SignatureExpired:
        return error("expired", 400)
    except signing.BadSignature:
        return error("bad-signature", 400)
    return JsonResponse({"value": value})


def signed_set(request):
    response = JsonResponse({"set": request.GET["name"]})
    response.set_signed_cookie(request.GET["name"], request.GET["value"], salt=request.GET.get("salt", ""))
    return response


def signed_set_legacy(request):
    # What Django 4.2 and <= 5.2.14 wrote: the cookie signer with the legacy salt name + salt.
    name, salt = request.GET["name"], request.GET.get("salt", "")
    response = JsonResponse({"set": name})
    response.set_cookie(name, signing.get_cookie_signer(salt=name + salt).sign(request.GET["value"]))
    return response


def password(request):
    # A password change that does not keep the current session (no update_session_auth_hash):
    # every session of that user must stop working, here and on the Rust side.
    user = get_user_model().objects.get(username=request.POST["username"])
    user.set_password(request.POST["password"])
    user.save()
    return JsonResponse({"changed": user.username})


def healthz(request):
    return HttpResponse("ok")
