"""Built-in Korean message templates (key → channel → subject/body in Django template syntax).

The built-in texts go through gettext (rendered in the active language); a ``MessageTemplate``
row with the same key and channel overrides them.
"""

from django.template import Context, Template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

DEFAULT_TEMPLATES: dict[str, dict[str, tuple[str | Promise, str | Promise]]] = {
    "referral_proposed": {
        "email": (
            gettext_lazy("[일자리센터] 채용 알선 제안: {{ vacancy }}"),
            gettext_lazy(
                "{{ name }}님, 일자리센터 상담사가 '{{ employer }}'의 '{{ vacancy }}' 공고를 알선해 드립니다.\n"
                "누리집의 '내 알선 현황'에서 동의 여부를 알려 주세요."
            ),
        ),
        "sms": (
            "",
            gettext_lazy(
                "[일자리센터] {{ name }}님께 '{{ employer }}' 채용 알선을 제안드립니다. 누리집에서 확인해 주세요."
            ),
        ),
    },
    "interview_scheduled": {
        "email": (
            gettext_lazy("[일자리센터] 면접 일정 안내: {{ employer }}"),
            gettext_lazy(
                "{{ name }}님, {{ employer }} 면접이 {{ when }}에 {{ place }}에서 있습니다.\n"
                "{% if accompanied %}담당 상담사 {{ counselor }}님이 동행합니다. 만나는 곳: {{ meeting_point }}\n{% endif %}"
                "{% if transport %}교통 안내: {{ transport }}\n{% endif %}"
            ),
        ),
        "sms": (
            "",
            gettext_lazy(
                "[일자리센터] {{ employer }} 면접 {{ when }}, {{ place }}."
                "{% if accompanied %} {{ counselor }} 상담사 동행({{ meeting_point }}).{% endif %}"
            ),
        ),
    },
    "interview_reminder": {
        "sms": (
            "",
            gettext_lazy("[일자리센터] 내일 {{ when }} {{ employer }} 면접이 있습니다. 장소: {{ place }}"),
        ),
        "email": (
            gettext_lazy("[일자리센터] 내일 면접 안내"),
            gettext_lazy("{{ name }}님, 내일 {{ when }} {{ employer }} 면접이 {{ place }}에서 있습니다."),
        ),
    },
    "followup_due": {
        "email": (
            gettext_lazy("[일자리센터] 고용 유지 확인 {{ month }}개월 차: {{ seeker }}"),
            gettext_lazy(
                "{{ counselor }}님, {{ seeker }}님({{ employer }}, 입사 {{ hire_date }})의 "
                "{{ month }}개월 차 고용 유지 확인일({{ due_date }})입니다. 결과를 기록해 주세요."
            ),
        ),
    },
    "placement_recorded": {
        "email": (
            gettext_lazy("[일자리센터] 취업을 축하합니다: {{ employer }}"),
            gettext_lazy(
                "{{ name }}님, {{ employer }} 취업(입사일 {{ hire_date }})을 일자리센터가 기록했습니다.\n"
                "입사 후 {{ follow_ups }}에 담당 상담사가 잘 다니고 계신지 전화로 여쭙니다.\n"
                "누리집의 '취업 활동'에서 일정을 볼 수 있습니다."
            ),
        ),
        "sms": (
            "",
            gettext_lazy(
                "[일자리센터] {{ name }}님 {{ employer }} 취업을 축하합니다. 입사 후 {{ follow_ups }}에 안부 전화를 드립니다."
            ),
        ),
    },
    "suggestion_resolved": {
        "email": (
            gettext_lazy("[일자리센터] 건의사항 처리 결과: {{ title }}"),
            gettext_lazy(
                "{{ employer }} 담당자님, 접수하신 건의사항 '{{ title }}'의 처리 결과를 알려 드립니다.\n"
                "처리 상태: {{ status }}\n{{ resolution }}"
            ),
        ),
    },
    # Sent to an address nobody has confirmed yet: fixed text only, never the sender's words.
    "consulting_confirm": {
        "email": (
            gettext_lazy("[일자리센터] 자문 요청 이메일 주소 확인"),
            gettext_lazy(
                "일자리센터 누리집에서 이 이메일 주소로 기업 자문 요청이 들어왔습니다.\n"
                "직접 신청하셨다면 {{ hours }}시간 안에 아래 주소를 열어 신청을 확인해 주세요. "
                "확인한 뒤에 요청이 접수되어 전문가에게 전달됩니다.\n\n{{ link }}\n\n"
                "신청하지 않으셨다면 이 메일을 무시해 주세요. 확인되지 않은 요청은 자동으로 삭제됩니다."
            ),
        ),
    },
    "consulting_received": {
        "email": (
            gettext_lazy("[일자리센터] 자문 요청 접수: {{ subject }}"),
            gettext_lazy(
                "{{ contact }}님, 자문 요청 '{{ subject }}'을(를) 접수했습니다. {{ due_on }}까지 결과를 알려 드리겠습니다."
            ),
        ),
    },
    "consulting_answered": {
        "email": (
            gettext_lazy("[일자리센터] 자문 결과 안내: {{ subject }}"),
            gettext_lazy(
                "{{ contact }}님, 요청하신 자문 '{{ subject }}'에 대한 전문가 검토 결과입니다.\n\n{{ result }}"
            ),
        ),
    },
    "service_decided": {
        "email": (
            gettext_lazy("[일자리센터] {{ service }} 신청 결과"),
            gettext_lazy(
                "{{ name }}님, '{{ service }}' 신청이 {{ status }}되었습니다.{% if reason %}\n사유: {{ reason }}{% endif %}"
            ),
        ),
        "sms": ("", gettext_lazy("[일자리센터] '{{ service }}' 신청이 {{ status }}되었습니다.")),
    },
    "job_finished": {
        "email": (
            gettext_lazy("[일자리센터] {{ kind }} {{ status }}: {{ target }}"),
            gettext_lazy(
                "{{ name }}님, 요청하신 작업 '{{ kind }}'({{ target }})이(가) {{ status }} 상태로 끝났습니다.\n"
                "{% if summary %}{{ summary }}\n{% endif %}결과 보기: {{ url }}"
            ),
        ),
    },
}


# what each message is about (a topic a person can turn off); absent: a service notice
TOPICS = {
    "referral_proposed": "applications",
    "interview_scheduled": "applications",
    "interview_reminder": "applications",
    "placement_recorded": "applications",
}


def template_for(key: str, channel: str) -> tuple[str, str] | None:
    from .models import MessageTemplate

    row = MessageTemplate.objects.filter(key=key, channel=channel, active=True).first()
    if row is not None:
        return row.subject, row.body
    found = DEFAULT_TEMPLATES.get(key, {}).get(channel)
    if found is None:
        return None
    subject, body = found
    return str(subject), str(body)  # in the active language


def render(key: str, channel: str, context: dict) -> tuple[str, str] | None:
    found = template_for(key, channel)
    if found is None:
        return None
    subject, body = found
    ctx = Context(context, autoescape=False)
    return Template(subject).render(ctx).strip(), Template(body).render(ctx).strip()


def render_for_inbox(key: str, context: dict, channels) -> tuple[str, str] | None:
    """The inbox copy of a message: the e-mail text (it has a subject), else the first channel's."""
    for channel in ("email", *channels, *DEFAULT_TEMPLATES.get(key, {})):
        rendered = render(key, channel, context)
        if rendered is not None:
            return rendered
    return None
