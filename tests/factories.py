"""factory_boy factories for every page type, image and document.

Pages are created under a parent and published, like an editor would; pass
``publish=False`` for a draft that was never published.
"""

import io

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import HomePage, StandardPage
from newsroom.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    Placement,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)


def paragraph(text="<p>Nội dung bài viết.</p>"):
    return [{"type": "paragraph", "value": text}]


def jpeg_bytes(width=64, height=48, colour="#0b5394"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    description = "Toàn cảnh hội thảo"
    file = factory.LazyFunction(lambda: ImageFile(io.BytesIO(jpeg_bytes()), name="anh.jpg"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Văn bản {n}")
    file = factory.django.FileField(filename="van-ban.pdf", data=b"%PDF-1.4\n%%EOF\n")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Trang số {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        tags = kwargs.pop("tags", None)
        related = kwargs.pop("related", None)
        page = model_class(*args, **kwargs)
        if tags:
            page.tags.set(tags)
        if related:
            through = page._meta.get_field("related_pages").related_model
            # In the order given, as the admin's inline panel numbers them.
            page.related_pages = [
                through(related_page=item, sort_order=number) for number, item in enumerate(related)
            ]
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Liên hiệp các Hội KH&KT tỉnh Hà Giang"
    slug = "trang-chu"
    parent = factory.LazyFunction(Page.get_first_root_node)


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = "Giới thiệu"
    body = factory.LazyFunction(paragraph)


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức – Sự kiện"
    show_in_menus = True


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Hội thảo khoa học số {n}")
    lead = "Liên hiệp Hội tổ chức hội thảo khoa học."
    date = factory.LazyFunction(timezone.localdate)
    body = factory.LazyFunction(paragraph)


class AnnouncementIndexPageFactory(PageFactory):
    class Meta:
        model = AnnouncementIndexPage

    title = "Thông báo"
    show_in_menus = True


class AnnouncementPageFactory(PageFactory):
    class Meta:
        model = AnnouncementPage

    title = factory.Sequence(lambda n: f"Thông báo số {n}")
    lead = "Thông báo tuyển chọn chuyên gia."
    date = factory.LazyFunction(timezone.localdate)


class SponsoredLinkIndexPageFactory(PageFactory):
    class Meta:
        model = SponsoredLinkIndexPage

    title = "Liên kết"


class SponsoredLinkPageFactory(PageFactory):
    class Meta:
        model = SponsoredLinkPage

    title = factory.Sequence(lambda n: f"Đối tác {n}")
    partner_name = factory.Sequence(lambda n: f"Đối tác {n}")
    target_url = "https://vusta.vn/"
    placement = Placement.SIDEBAR


def image_block(image, alt="Toàn cảnh", caption="Toàn cảnh Hội thảo", credit="Ảnh: Minh Đức"):
    """A body block holding ``image`` with its caption, as StreamField data."""
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "decorative": False, "alt_text": alt},
            "caption": caption,
            "credit": credit,
        },
    }


def cached_video(video_id="abcdefghijk"):
    """A YouTube URL whose player is already in Wagtail's embed cache: no network needed."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = f"https://www.youtube.com/watch?v={video_id}"
    Embed.objects.get_or_create(
        hash=get_embed_hash(url),
        defaults={
            "url": url,
            "html": f'<iframe src="https://www.youtube-nocookie.com/embed/{video_id}"></iframe>',
            "type": "video",
            "provider_name": "YouTube",
            "width": 640,
            "height": 360,
        },
    )
    return url


def in_use(*media, parent):
    """A live news page under ``parent`` that uses each image and document: they become public.

    Until a page readers can see uses them, files are embargoed (core.media_access).
    """
    from wagtail.documents.models import AbstractDocument

    body = [
        {"type": "document", "value": {"document": item.pk, "title": ""}}
        if isinstance(item, AbstractDocument)
        else image_block(item)
        for item in media
    ]
    return NewsPageFactory(parent=parent, body=body)
