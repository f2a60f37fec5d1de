from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import token_views, views
from .forms import LoginForm, NewPasswordForm, ResetRequestForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("find-id/", views.find_username, name="find_username"),
    # 비밀번호 재설정 by e-mail: Django's own views and one-time tokens, in our templates
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            form_class=ResetRequestForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("password/", views.password_change, name="password_change"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("my-data/export/", views.my_data_export_job, name="my_data_export"),
    path("consents/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("delete/", views.delete_account, name="delete_account"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
