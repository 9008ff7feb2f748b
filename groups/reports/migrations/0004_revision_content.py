from django.db import migrations


def answers_by_question(apps, schema_editor):
    """Each revision's copy, kept until now as a list of answers by position, becomes one content document with the
    answers keyed by question. A position is matched to the question that holds it now (as restoring did until now);
    an answer to a question deleted since (deleting used to take its answers along) brings the question back,
    retired, with its words from the revision, so that no answer is lost."""
    revision_model = apps.get_model("reports", "RapporteurReportRevision")
    question_model = apps.get_model("groups", "Question")
    questions = {}  # breakout id → {position: question}
    restored = {}  # (breakout id, position, text) → retired question
    for revision in revision_model.objects.select_related("report").order_by("pk").iterator():
        breakout_id = revision.report.breakout_id
        if breakout_id not in questions:
            open_questions = question_model.objects.filter(breakout_id=breakout_id, retired=False)
            questions[breakout_id] = {question.position: question for question in open_questions}
        answers = {}
        for entry in revision.answers or []:
            text = entry.get("text") or ""
            if not text:
                continue
            position = entry.get("position")
            question = questions[breakout_id].get(position)
            if question is None:
                words = entry.get("question") or ""
                key = (breakout_id, position, words)
                if key not in restored:
                    restored[key] = question_model.objects.create(
                        breakout_id=breakout_id, position=position or 0, text=words, retired=True
                    )
                question = restored[key]
            answers[str(question.pk)] = text
        revision.content = {"answers": answers, "conclusions": revision.text, "actions": revision.actions}
        revision.save(update_fields=["content"])


def answers_by_position(apps, schema_editor):
    revision_model = apps.get_model("reports", "RapporteurReportRevision")
    question_model = apps.get_model("groups", "Question")
    for revision in revision_model.objects.order_by("pk").iterator():
        content = revision.content or {}
        by_id = {int(pk): text for pk, text in (content.get("answers") or {}).items()}
        found = question_model.objects.in_bulk(list(by_id))
        revision.answers = [
            {"position": found[pk].position, "question": found[pk].text, "text": text}
            for pk, text in sorted(by_id.items(), key=lambda item: found[item[0]].position if item[0] in found else 0)
            if pk in found
        ]
        revision.text = content.get("conclusions", "")
        revision.actions = content.get("actions", "")
        revision.save(update_fields=["answers", "text", "actions"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_content_fields"),
    ]

    operations = [migrations.RunPython(answers_by_question, answers_by_position)]
