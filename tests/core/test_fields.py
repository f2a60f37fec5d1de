from iljari.employers.models import Employer
from iljari.fairs.models import Event


def test_a_web_address_typed_without_a_scheme_is_read_as_https():
    for model, name in ((Employer, "website"), (Event, "video_url")):
        field = model._meta.get_field(name).formfield()
        assert field.clean("www.example.kr") == "https://www.example.kr"
        assert field.clean("http://old.example.kr") == "http://old.example.kr"  # a typed scheme stays
