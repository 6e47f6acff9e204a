"""The re-analysis job's parts that need no Spark (python3 -m unittest discover bootstrap/tests)."""

import contextlib
import io
import json
import os
import shlex
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import reanalyse  # noqa: E402

BASE = [
    "--debate-id", "gop-2015-09-16",
    "--archive", "s3://archive/",
    "--debate-config", "s3://assets/run-1/debate.json",
    "--output", "s3://assets/run-1/out",
]


def parse_fails(argv):
    with contextlib.redirect_stderr(io.StringIO()) as err, self_raises(SystemExit):
        reanalyse.parse_args(argv)
    return err.getvalue()


@contextlib.contextmanager
def self_raises(exc):
    try:
        yield
    except exc:
        return
    raise AssertionError("%s not raised" % exc.__name__)


class ParseArgsTest(unittest.TestCase):
    def test_given_the_step_arguments_when_parsed_then_defaults_fill_the_rest(self):
        args = reanalyse.parse_args(BASE)
        self.assertEqual((args.lexicon, args.bucket_ms, args.partitions), ("vader", 5000, 0))
        self.assertEqual(args.debate_id, "gop-2015-09-16")

    def test_rejects_a_bucket_that_does_not_divide_a_minute(self):
        self.assertIn("--bucket-ms", parse_fails(BASE + ["--bucket-ms", "7000"]))

    def test_rejects_a_debate_id_outside_the_key_alphabet(self):
        argv = list(BASE)
        argv[1] = "../etc"
        self.assertIn("--debate-id", parse_fails(argv))

    def test_rejects_an_output_that_is_not_s3(self):
        argv = BASE[:-1] + ["/tmp/out"]
        self.assertIn("--output must be an s3:// URI", parse_fails(argv))

    def test_rejects_an_unknown_lexicon(self):
        self.assertIn("invalid choice", parse_fails(BASE + ["--lexicon", "nope"]))


class PathsAndCommandsTest(unittest.TestCase):
    def test_given_an_archive_uri_when_globbed_then_only_the_debates_hour_partitions_match(self):
        self.assertEqual(
            reanalyse.input_glob("s3://archive/", "gop-2015-09-16"),
            "s3://archive/raw/debate=gop-2015-09-16/date=*/hour=*/*.jsonl.gz",
        )

    def test_given_merge_when_the_command_is_built_then_it_splits_back_into_the_cli_arguments(self):
        cmd = reanalyse.aggregate_command("afinn", 1000, merge=True)
        self.assertEqual(
            shlex.split(cmd),
            ["/usr/local/bin/trendoff", "cluster", "aggregate", "--lexicon", "afinn", "--bucket-ms", "1000", "--merge"],
        )


class MergeKeyTest(unittest.TestCase):
    def test_given_partials_of_one_bucket_when_keyed_then_the_keys_are_equal_and_differ_per_candidate(self):
        a = json.dumps({"debateId": "d", "candidate": "trump", "bucketStart": 5000, "agg": {"count": 1}})
        b = json.dumps({"agg": {"count": 2}, "bucketStart": 5000.0, "candidate": "trump", "debateId": "d"})
        c = json.dumps({"debateId": "d", "candidate": "bush", "bucketStart": 5000, "agg": {}})
        self.assertEqual(reanalyse.merge_key(a), reanalyse.merge_key(b))
        self.assertNotEqual(reanalyse.merge_key(a), reanalyse.merge_key(c))

    def test_rejects_a_line_without_a_candidate(self):
        with self.assertRaises(KeyError):
            reanalyse.merge_key(json.dumps({"debateId": "d", "bucketStart": 0}))


class DebateConfigTest(unittest.TestCase):
    def test_given_a_pretty_printed_config_when_checked_then_it_comes_back_on_one_line(self):
        text = '{\n  "id": "d1",\n  "title": "T"\n}'
        out = reanalyse.check_debate_config(text, "d1")
        self.assertNotIn("\n", out)
        self.assertEqual(json.loads(out), {"id": "d1", "title": "T"})

    def test_rejects_the_config_of_another_debate(self):
        with self.assertRaisesRegex(ValueError, "not 'd2'"):
            reanalyse.check_debate_config('{"id": "d1"}', "d2")


if __name__ == "__main__":
    unittest.main()
