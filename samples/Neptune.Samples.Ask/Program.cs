using Neptune.Clevr;
using Neptune.Clevr.Vision.Perception;
using Neptune.Clevr2D;
using Neptune.Evaluation.Referring;
using Neptune.Language;
using Neptune.Vision.Ask;

// A CLEVR scene file (default: the validation scenes beside the repository), rendered as a CLEVR-2D picture.
string scenes = args.Length > 0 ? args[0] : "../shared/data/clevr/CLEVR_val_scenes_500.json";
ClevrScene scene = ClevrSceneReader.Read(scenes).First();
var picture = ClevrRenderer.Render(scene);
const string Question = "How many cubes are there?";
const string Program = """
    cube = score("Is the object in the red box a cube?")
    return cube.count()
    """;

// Build a pipeline over the embedded world (pixels only, no model server) and ask.
var engine = new ProgramEngine();
var pipeline = new AskPipeline(engine, generator: null, PixelAskPerception.Instance);
AskResult asked = await pipeline.AskWithProgramAsync(picture, Question, Program, ["cube"]);
Console.WriteLine($"ask: {Question} -> {asked.Answer ?? asked.Error}");

// Evaluate: the same program on the scene's annotations gives the expected answer.
RunResult truth = engine.Check(Program).Program!.Run(new RunOptions { Perception = new SceneWorld(scene) });
Console.WriteLine($"evaluate: expected {truth.ValueRepr}, {(truth.ValueRepr == asked.Answer ? "correct" : "wrong")}");

// Find: a referring expression's program over one or many pictures.
var finder = new ReferringFinder(engine.Check("return score(\"Is the object in the red box a cube?\")").Program!);
await finder.RunAsync([FindImages.FromPicture("scene0.png", picture)], (_, row) => Console.WriteLine($"find: the cubes -> {row.Outcome}, {row.Boxes.Count} box(es)"));
