//! The `plan`, `map` and `reduce` commands of sharded runs (see
//! `ofsted_pipeline::shard`): argument handling and printing only.

use super::{
    LogFormat, MapArgs, PlanArgs, ReduceArgs, Reporter, exit, load_config, report_summary,
    set_max_reject_rate,
};
use anyhow::Context as _;
use ofsted_pipeline::run::Paths;
use ofsted_pipeline::shard::{self, Selection, ShardError};
use std::io::BufRead as _;

/// `plan`: freezes the inputs and prints the run id (alone on stdout, for scripts).
pub fn plan(a: PlanArgs) -> anyhow::Result<u8> {
    let (cfg, base) = load_config(&a.config)?;
    let paths = Paths {
        input: a.input.unwrap_or_else(|| base.join(&cfg.input.dir)),
        output: a.output.unwrap_or_else(|| base.join(&cfg.output.dir)),
    };
    let p = shard::plan(&cfg, &paths, a.shards)
        .with_context(|| format!("plan over {}", paths.input.display()))?;
    eprintln!(
        "plan {}: {} inputs in {} shards ({}); run `ofsted-etl map --output {} --shard I/{}` for I in 0..{}, then `ofsted-etl reduce --output {}`",
        p.run_id,
        p.inputs.len(),
        p.shards,
        shard_sizes(&p),
        paths.output.display(),
        p.shards,
        p.shards,
        paths.output.display()
    );
    println!("{}", p.run_id);
    Ok(exit::OK)
}

fn shard_sizes(p: &shard::Plan) -> String {
    let mut n = vec![0usize; p.shards as usize];
    for i in &p.inputs {
        if let Some(c) = n.get_mut(i.shard as usize) {
            *c += 1;
        }
    }
    let sizes: Vec<String> = n.iter().map(usize::to_string).collect();
    format!("sizes {}", sizes.join("/"))
}

fn selection(a: &MapArgs, plan: &shard::Plan) -> anyhow::Result<Selection> {
    if a.stdin {
        let mut paths = Vec::new();
        for line in std::io::stdin().lock().lines() {
            let line = line.context("reading input paths from standard input")?;
            if !line.trim().is_empty() {
                paths.push(line.trim().to_owned());
            }
        }
        return Ok(Selection::Paths(paths));
    }
    let (index, count) = match &a.shard {
        Some(s) => {
            let (i, n) = shard::parse_shard(s)?;
            (i, Some(n))
        }
        None => shard::shard_from_env(&|k| std::env::var(k).ok())?.ok_or_else(|| {
            ShardError::BadShard {
                given: "(none)".into(),
                reason: "give --shard I/N or --stdin, or run under a scheduler that sets JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX".into(),
            }
        })?,
    };
    shard::check_shard(plan, index, count)?;
    Ok(Selection::Shard(index))
}

/// `map`: processes one shard; prints `status<TAB>path` per input on stdout.
pub fn map(a: MapArgs) -> anyhow::Result<u8> {
    let (mut cfg, base) = load_config(&a.config)?;
    if let Some(t) = a.threads {
        cfg.run.threads = t;
    }
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| base.join(&cfg.output.dir));
    let plan = shard::load_plan(&out, a.run.as_deref())?;
    let sel = selection(&a, &plan)?;
    let s = shard::map(&cfg, &out, &plan, &sel, &|_| {})
        .with_context(|| format!("map of plan {}", plan.run_id))?;
    for (path, status) in &s.statuses {
        println!("{status}\t{path}");
    }
    eprintln!(
        "map {} {}: {} inputs ({} processed, {} from the cache)",
        s.run_id,
        s.name,
        s.statuses.len(),
        s.processed,
        s.unchanged
    );
    Ok(exit::OK)
}

/// `reduce`: checks the shards, links and publishes.
pub fn reduce(a: ReduceArgs) -> anyhow::Result<u8> {
    let (mut cfg, base) = load_config(&a.config)?;
    set_max_reject_rate(&mut cfg, a.max_reject_rate)?;
    let out = a
        .output
        .clone()
        .unwrap_or_else(|| base.join(&cfg.output.dir));
    let plan = shard::load_plan(&out, a.run.as_deref())?;
    let paths = Paths {
        input: plan.input_dir.clone(),
        output: out,
    };
    let reporter = Reporter::new(LogFormat::Text, a.quiet);
    let summary = shard::reduce(&cfg, &paths, &plan, &|e| reporter.event(e))
        .with_context(|| format!("reduce of plan {}", plan.run_id))?;
    reporter.finish();
    Ok(report_summary(
        &summary,
        &reporter,
        LogFormat::Text,
        &paths.output,
    ))
}
