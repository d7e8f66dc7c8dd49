package org.kontrast.dsl.run

import org.kontrast.augment.Augmentation
import org.kontrast.augment.AugmentationPipeline
import org.kontrast.augment.ColorJitter
import org.kontrast.augment.GaussianBlur
import org.kontrast.augment.HorizontalFlip
import org.kontrast.augment.ImageShape
import org.kontrast.augment.RandomGrayscale
import org.kontrast.augment.RandomResizedCrop
import org.kontrast.datasets.Catalog
import org.kontrast.datasets.DatasetFormatException
import org.kontrast.datasets.ImageFolder
import org.kontrast.dsl.recipe.AugmentationSpec
import org.kontrast.dsl.recipe.EncoderSpec
import org.kontrast.dsl.recipe.LossSpec
import org.kontrast.dsl.recipe.OptimizerSpec
import org.kontrast.dsl.recipe.Recipe
import org.kontrast.dsl.recipe.RecipeException
import org.kontrast.dsl.recipe.RecipeJson
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.kontrast.dsl.recipe.ScheduleSpec
import org.kontrast.loss.BarlowTwinsLoss
import org.kontrast.loss.DecoupledContrastive
import org.kontrast.loss.DinoLoss
import org.kontrast.loss.HsicLoss
import org.kontrast.loss.InfoNce
import org.kontrast.loss.NtXentLoss
import org.kontrast.loss.TwistLoss
import org.kontrast.loss.DeepInfoMaxLoss
import org.kontrast.loss.NonParametricSoftmax
import org.kontrast.loss.VicregLoss
import org.kontrast.dsl.recipe.HeadSpec
import org.kontrast.method.BarlowTwins
import org.kontrast.method.Cpc
import org.kontrast.method.CpcDirection
import org.kontrast.method.CpcV2
import org.kontrast.nn.PatchEncoder
import org.kontrast.nn.PatchGridEncoder
import org.kontrast.view.PatchGrid
import org.kontrast.method.Byol
import org.kontrast.method.Dcclr
import org.kontrast.method.Dino
import org.kontrast.method.EncoderFactory
import org.kontrast.method.HsicTwins
import org.kontrast.method.Method
import org.kontrast.method.MocoV2
import org.kontrast.method.Nnclr
import org.kontrast.method.SimClr
import org.kontrast.method.SimSiam
import org.kontrast.method.Twist
import org.kontrast.method.Vicreg
import org.kontrast.method.InstDisc
import org.kontrast.method.Dim
import org.kontrast.method.Cmc
import org.kontrast.method.Pirl
import org.kontrast.view.Jigsaw
import org.kontrast.view.ChannelViews
import org.kontrast.datasets.MultiViewFolder
import org.kontrast.nn.Padding
import org.kontrast.nn.Precision
import org.kontrast.runtime.CpuInfo
import org.kontrast.runtime.Devices
import org.kontrast.runtime.TfRuntime
import org.kontrast.train.Adam
import org.kontrast.train.AdamW
import org.kontrast.train.Lars
import org.kontrast.train.LearningRateSchedule
import org.kontrast.train.Optimizer
import org.kontrast.train.SgdMomentum
import org.kontrast.train.WarmupCosine
import org.kontrast.view.TwoViews

/**
 * Turns a recipe's specs into core components. Core constructors validate; their
 * messages are prefixed with the recipe path of the offending spec.
 */
object Components {
    /** Methods by their stable recipe name. */
    val methods: Set<String> = linkedSetOf(SimClr.NAME, MocoV2.NAME, Nnclr.NAME, Dcclr.NAME, BarlowTwins.NAME, HsicTwins.NAME,
        Twist.NAME, Dino.NAME, Byol.NAME, SimSiam.NAME, Vicreg.NAME, InstDisc.NAME, Pirl.NAME, Dim.NAME, Cmc.NAME, Cpc.NAME, CpcV2.NAME)

    /** The datasets read from a folder given as data.path rather than found by name. */
    val folderDatasets: Set<String> = setOf(ImageFolder.NAME, MultiViewFolder.NAME)

    /** The methods that cut images into a patch grid instead of taking two views. */
    val patchMethods: Set<String> = setOf(Cpc.NAME, CpcV2.NAME)

    /** @param trainSize the training set's size: a memory bank keeps one row per image */
    fun method(recipe: Recipe, input: ImageShape, trainSize: Int): Method {
        at("method") { require(recipe.method in methods) { "unknown \"${recipe.method}\" (known: ${methods.joinToString()})" } }
        val views = TwoViews(pipeline(recipe, input))
        val encoder = encoder(recipe.encoder)
        val hidden = at("head") { positive("hidden", recipe.head.hidden); recipe.head.hidden }
        val out = at("head") { positive("out", recipe.head.out); recipe.head.out }
        return at("loss") {
            val loss = recipe.loss
            require(recipe.method in loss.methods) {
                "method \"${recipe.method}\" takes a loss of type \"${typeName(LossSpec.defaultFor(recipe.method))}\", " +
                    "got \"${typeName(loss)}\" (which belongs to \"${loss.method}\"); omit the loss to use the method's default"
            }
            when (loss) {
                is LossSpec.NtXent -> SimClr(views, encoder, hidden, out, NtXentLoss(loss.temperature))
                is LossSpec.Moco -> MocoV2(views, encoder, hidden, out, InfoNce(loss.temperature), loss.momentum, loss.queueSize)
                is LossSpec.Nnclr -> Nnclr(views, encoder, hidden, out, InfoNce(loss.temperature), loss.queueSize)
                is LossSpec.Decoupled -> Dcclr(views, encoder, hidden, out, DecoupledContrastive(loss.temperature))
                is LossSpec.BarlowTwins -> BarlowTwins(views, encoder, hidden, out, BarlowTwinsLoss(loss.weight))
                is LossSpec.Hsic -> HsicTwins(views, encoder, hidden, out, HsicLoss(loss.weight))
                LossSpec.Twist -> Twist(views, encoder, hidden, out, TwistLoss())
                is LossSpec.Dino -> Dino(views, encoder, hidden, out, DinoLoss(loss.temperature, loss.sharpening),
                    loss.momentum, loss.centerMomentum)
                is LossSpec.Byol -> Byol(views, encoder, hidden, out, loss.predictorHidden, loss.momentum)
                is LossSpec.SimSiam -> SimSiam(views, encoder, hidden, out, loss.predictorHidden)
                is LossSpec.Vicreg -> Vicreg(views, encoder, hidden, out, VicregLoss(loss.invariance, loss.variance, loss.covariance))
                is LossSpec.InstDisc -> InstDisc(views.pipeline(), encoder, if (loss.mlpHead) hidden else 0, out, NonParametricSoftmax(loss.temperature), loss.negatives,
                    loss.momentum, trainSize)
                is LossSpec.Dim -> {
                    if (recipe.encoder is EncoderSpec.PatchEncoder) {
                        throw RecipeException("encoder: DIM reads a feature map below the encoder's top; patchEncoder has none (use convNet or resNet18)")
                    }
                    positive("criticWidth", loss.criticWidth)
                    Dim(views.pipeline(), encoder, DeepInfoMaxLoss(estimator(loss.estimator)), loss.criticWidth)
                }
                is LossSpec.Pirl -> Pirl(views.pipeline(), Jigsaw(loss.patchFraction), encoder, out, NonParametricSoftmax(loss.temperature),
                    loss.negatives, loss.lambda, loss.momentum, trainSize).also { it.check(input) }
                is LossSpec.Cmc -> cmc(recipe, loss, input, views.pipeline(), encoder, hidden, out)
                is LossSpec.Cpc -> cpc(recipe, loss, input, views.pipeline(), encoder)
            }
        }
    }

    private fun cpc(recipe: Recipe, loss: LossSpec.Cpc, input: ImageShape, imageAugment: AugmentationPipeline, encoder: EncoderFactory): Cpc {
        val spec = recipe.views.patchGrid!!
        val grid = try {
            PatchGrid(spec.size, spec.stride).also { it.cells(imageAugment.outputShape(input)) }
        } catch (e: IllegalArgumentException) {
            throw RecipeException("views.patchGrid: ${e.message}")
        }
        val directions = loss.directions.mapIndexed { i, d ->
            try {
                CpcDirection.of(d)
            } catch (e: IllegalArgumentException) {
                throw RecipeException("loss.directions[$i]: ${e.message}")
            }
        }
        require(directions.toSet().size == directions.size) { "directions must not repeat, got ${loss.directions}" }
        positive("contextWidth", loss.contextWidth)
        positive("contextLayers", loss.contextLayers)
        require(loss.offsets.toSet().size == loss.offsets.size) { "offsets must not repeat, got ${loss.offsets}" }
        val settings = Cpc.Settings(loss.codeSize, loss.offsets, directions.toSet(), loss.contextWidth, loss.contextLayers,
            spec.colorDrop, spec.patchAugment, spec.standardize, pooling(spec.pooling))
        try {
            Cpc.check(grid, imageAugment.outputShape(input), settings)
        } catch (e: IllegalArgumentException) {
            throw RecipeException("loss.offsets: ${e.message}")
        }
        return Cpc(recipe.method, grid, imageAugment, encoder, settings)
    }

    private fun cmc(recipe: Recipe, loss: LossSpec.Cmc, input: ImageShape, augment: AugmentationPipeline, encoder: EncoderFactory,
                    hidden: Int, out: Int): Cmc {
        val folders = recipe.data.dataset == MultiViewFolder.NAME
        val views = when (loss.views) {
            LossSpec.Cmc.VIEWS_LAB -> ChannelViews.lab()
            LossSpec.Cmc.VIEWS_CHANNELS -> ChannelViews.perChannel(input.channels)
            LossSpec.Cmc.VIEWS_FOLDERS -> {
                require(folders) { "views \"folders\" are a ${MultiViewFolder.NAME}'s view folders, but the dataset is \"${recipe.data.dataset}\"" }
                try {
                    MultiViewFolder.views(dataFolder(recipe))
                } catch (e: DatasetFormatException) {
                    throw RecipeException("data.path: ${e.message}", e)
                }
            }
            else -> throw IllegalArgumentException("views must be \"lab\", \"channels\" or \"folders\", got \"${loss.views}\"")
        }
        require(!folders || loss.views == LossSpec.Cmc.VIEWS_FOLDERS) {
            "views: a ${MultiViewFolder.NAME} gives its views as folders; set \"views\": \"folders\" (got \"${loss.views}\")"
        }
        val pairs = try {
            Cmc.Pairs.of(loss.pairs)
        } catch (e: IllegalArgumentException) {
            throw RecipeException("loss.pairs: ${e.message}")
        }
        val method = Cmc(augment, views, encoder, hidden, out, InfoNce(loss.temperature),
            Cmc.Settings(pairs, loss.momentum, loss.queueMultiple, loss.intraBatch, loss.stemWidth))
        method.check(input)
        return method
    }

    private fun estimator(key: String): DeepInfoMaxLoss.Estimator = try {
        DeepInfoMaxLoss.Estimator.of(key)
    } catch (e: IllegalArgumentException) {
        throw RecipeException("loss.estimator: ${e.message}")
    }

    private fun pooling(name: String): PatchGridEncoder.Pooling = when (name) {
        "mean" -> PatchGridEncoder.Pooling.MEAN
        "pyramid" -> PatchGridEncoder.Pooling.PYRAMID
        else -> throw RecipeException("views.patchGrid.pooling: expected \"mean\" or \"pyramid\", got \"$name\"")
    }

    /** The JSON "type" of a loss spec, from its serial name. */
    fun typeName(spec: LossSpec): String =
        RecipeJson.json.encodeToJsonElement(LossSpec.serializer(), spec).jsonObject["type"]!!.jsonPrimitive.content

    fun pipeline(recipe: Recipe, input: ImageShape): AugmentationPipeline =
        AugmentationPipeline(recipe.views.augmentations.mapIndexed { i, a ->
            at("views.augmentations[$i]") { augmentation(a, input) }
        })

    private fun augmentation(a: AugmentationSpec, input: ImageShape): Augmentation = when (a) {
        is AugmentationSpec.RandomResizedCrop -> {
            require(input.height == input.width || a.size > 0) { "size must be set for non-square images" }
            RandomResizedCrop(if (a.size == 0) input.height else a.size, a.scale.min, a.scale.max, a.ratio.min, a.ratio.max)
        }
        is AugmentationSpec.HorizontalFlip -> HorizontalFlip(a.p)
        is AugmentationSpec.ColorJitter -> ColorJitter(a.brightness, a.contrast, a.saturation, a.hue, a.p)
        is AugmentationSpec.RandomGrayscale -> RandomGrayscale(a.p)
        is AugmentationSpec.GaussianBlur -> GaussianBlur(a.sigma.min, a.sigma.max, a.kernelFraction, a.p)
    }

    fun encoder(spec: EncoderSpec): EncoderFactory = at("encoder") {
        val factory = when (spec) {
            is EncoderSpec.ConvNet -> {
                positive("width", spec.width)
                positive("depth", spec.depth)
                val padding = when (spec.padding.lowercase()) {
                    "same" -> Padding.SAME
                    "valid" -> Padding.VALID
                    else -> throw IllegalArgumentException("padding must be \"same\" or \"valid\", got \"${spec.padding}\"")
                }
                EncoderFactory.convNet(spec.width, spec.depth, padding)
            }
            is EncoderSpec.PatchEncoder -> {
                positive("width", spec.width)
                positive("hidden", spec.hidden)
                val norm = when (spec.norm) {
                    "batch" -> PatchEncoder.Norm.BATCH
                    "layer" -> PatchEncoder.Norm.LAYER
                    "none" -> PatchEncoder.Norm.NONE
                    else -> throw IllegalArgumentException("norm must be \"batch\", \"layer\" or \"none\", got \"${spec.norm}\"")
                }
                EncoderFactory.patchEncoder(spec.width, spec.hidden, norm)
            }
            is EncoderSpec.ResNet18 -> {
                require(spec.groups >= 1 && 64 % spec.groups == 0) { "groups must divide 64, got ${spec.groups}" }
                EncoderFactory.resNet18(spec.groups)
            }
        }
        if (spec.normalizedConv) EncoderFactory.normalized(factory) else factory
    }

    fun optimizer(spec: OptimizerSpec): Optimizer = at("optimizer") {
        require(spec.lr > 0 && spec.lr.isFinite()) { "lr must be > 0, got ${spec.lr}" }
        when (spec) {
            is OptimizerSpec.Adam -> Adam(spec.beta1, spec.beta2, spec.epsilon, spec.weightDecay)
            is OptimizerSpec.AdamW -> AdamW(Adam.BETA1_DEFAULT, Adam.BETA2_DEFAULT, Adam.EPSILON_DEFAULT, spec.weightDecay)
            is OptimizerSpec.Sgd -> SgdMomentum(spec.momentum, spec.weightDecay)
            is OptimizerSpec.Lars -> Lars(spec.momentum, spec.weightDecay, spec.eta)
        }
    }

    fun schedule(recipe: Recipe, stepsPerEpoch: Int): LearningRateSchedule = at("schedule") {
        val total = stepsPerEpoch.toLong() * recipe.train.epochs
        when (val s = recipe.schedule) {
            is ScheduleSpec.WarmupCosine -> {
                require(s.warmupEpochs >= 0 && s.warmupEpochs <= recipe.train.epochs) {
                    "warmupEpochs must be in [0, train.epochs = ${recipe.train.epochs}], got ${s.warmupEpochs}"
                }
                WarmupCosine(recipe.optimizer.lr, Math.round(s.warmupEpochs * stepsPerEpoch), total)
            }
            ScheduleSpec.Constant -> LearningRateSchedule.constant(recipe.optimizer.lr)
        }
    }

    fun threads(recipe: Recipe): Int = if (recipe.train.threads == 0) TfRuntime.defaultThreads() else recipe.train.threads

    /** The recipe's precision on [device]: float16 on a GPU, bfloat16 on a CPU with bfloat16 instructions. */
    fun precision(recipe: Recipe, device: org.tensorflow.DeviceSpec): Precision = at("runtime.precision") {
        when (recipe.runtime.precision) {
            "float32" -> Precision.FLOAT32
            "mixed" -> when {
                device.deviceType() == org.tensorflow.DeviceSpec.DeviceType.GPU -> Precision.MIXED_FLOAT16
                CpuInfo.bfloat16() -> Precision.MIXED_BFLOAT16
                else -> throw IllegalArgumentException("\"mixed\" on the CPU needs bfloat16 instructions " +
                    "(${CpuInfo.BFLOAT16_FLAGS.joinToString(" or ")}), which this CPU (${CpuInfo.model()}) lacks; use \"float32\"")
            }
            else -> throw IllegalArgumentException("expected float32 or mixed, got \"${recipe.runtime.precision}\"")
        }
    }

    /** The recipe's device, checked against the devices TensorFlow sees. */
    fun device(recipe: Recipe): org.tensorflow.DeviceSpec = at("runtime.device") { Devices.resolve(recipe.runtime.device, Devices.list()) }

    /**
     * Everything that can be checked without data: [validate], then every component
     * built for the catalog dataset's image shape (core constructors check their ranges).
     */
    fun validateAll(recipe: Recipe) {
        validate(recipe)
        val shape = if (recipe.data.dataset in folderDatasets) {
            try {
                if (recipe.data.dataset == ImageFolder.NAME) ImageFolder.shape(dataFolder(recipe)) else MultiViewFolder.shape(dataFolder(recipe))
            } catch (e: DatasetFormatException) {
                throw RecipeException("data.path: ${e.message}", e)
            }
        } else {
            at("data.dataset") { Catalog.shape(recipe.data.dataset) }
        }
        method(recipe, shape, recipe.data.trainLimit ?: 1)
        schedule(recipe, 1)
    }

    /**
     * An image-folder recipe's folder, resolved against the working directory and
     * checked: data only, never run, and named in full in every error.
     */
    fun dataFolder(recipe: Recipe): java.nio.file.Path {
        val given = recipe.data.path ?: throw RecipeException("data.path: dataset \"${recipe.data.dataset}\" needs the folder's path")
        val path = try {
            java.nio.file.Path.of(given).toAbsolutePath().normalize()
        } catch (e: java.nio.file.InvalidPathException) {
            throw RecipeException("data.path: \"$given\" is not a valid path (${e.reason})")
        }
        if (!java.nio.file.Files.isDirectory(path)) {
            throw RecipeException("data.path: $path is not a folder (expected one holding " +
                (if (recipe.data.dataset == ImageFolder.NAME) "train/<class>/ and test/<class>/)" else "<view>/train/<class>/ and <view>/test/<class>/ per view)"))
        }
        return path
    }

    /** Checks the plain numbers of a recipe that no core constructor sees. */
    fun validate(recipe: Recipe) {
        at("name") { require(recipe.name.matches(Regex("[A-Za-z0-9][A-Za-z0-9._-]*"))) { "must be letters, digits, '.', '_' or '-', got \"${recipe.name}\"" } }
        at("train") {
            positive("epochs", recipe.train.epochs)
            require(recipe.train.batchSize >= 2) { "batchSize must be >= 2 (a contrastive batch needs negatives), got ${recipe.train.batchSize}" }
            require(recipe.train.threads >= 0) { "threads must be >= 0 (0 = one per core), got ${recipe.train.threads}" }
            positive("checkpointsKept", recipe.train.checkpointsKept)
            positive("logEverySteps", recipe.train.logEverySteps)
            require(recipe.train.checkpointEverySteps >= 0) { "checkpointEverySteps must be >= 0 (0 = at epoch ends only), got ${recipe.train.checkpointEverySteps}" }
        }
        if (recipe.data.dataset in folderDatasets) {
            dataFolder(recipe)
        } else {
            at("data.path") {
                require(recipe.data.path == null) { "read only with dataset ${folderDatasets.joinToString(" or ") { "\"$it\"" }}; ${recipe.data.dataset} is found by name" }
            }
            at("data.dataset") {
                require(recipe.data.dataset in Catalog.names()) {
                    "unknown dataset \"${recipe.data.dataset}\" (known: ${(Catalog.names() + folderDatasets).joinToString()})"
                }
            }
        }
        at("data") {
            recipe.data.trainLimit?.let { positive("trainLimit", it) }
            recipe.data.testLimit?.let { positive("testLimit", it) }
        }
        at("eval") {
            require(recipe.eval.everyEpochs >= 0) { "everyEpochs must be >= 0 (0 = only at the end), got ${recipe.eval.everyEpochs}" }
            require(recipe.eval.monitorTrainSize >= 0) { "monitorTrainSize must be >= 0, got ${recipe.eval.monitorTrainSize}" }
            positive("knn.k", recipe.eval.knn.k)
            require(recipe.eval.knn.temperature > 0 && recipe.eval.knn.temperature.isFinite()) {
                "knn.temperature must be > 0, got ${recipe.eval.knn.temperature}"
            }
            require(recipe.eval.linearProbe.weightDecays.isNotEmpty()) { "linearProbe.weightDecays must not be empty" }
            recipe.eval.linearProbe.weightDecays.forEachIndexed { i, wd ->
                require(wd >= 0 && wd.isFinite()) { "linearProbe.weightDecays[$i] must be >= 0, got $wd" }
            }
            positive("linearProbe.maxIterations", recipe.eval.linearProbe.maxIterations)
            recipe.eval.mlpProbe?.let { positive("mlpProbe.hidden", it.hidden); positive("mlpProbe.epochs", it.epochs) }
            recipe.eval.attentionProbe?.let {
                require(it.tokens >= 0) { "attentionProbe.tokens must be >= 0 (0 = the encoder's positions), got ${it.tokens}" }
                positive("attentionProbe.width", it.width)
                positive("attentionProbe.heads", it.heads)
                positive("attentionProbe.epochs", it.epochs)
                require(it.width % it.heads == 0) { "attentionProbe.heads (${it.heads}) must divide attentionProbe.width (${it.width})" }
            }
        }
        at("views.patchGrid") {
            if (recipe.method in patchMethods) {
                require(recipe.views.patchGrid != null) { "method \"${recipe.method}\" cuts images into a patch grid; set one (e.g. {\"size\": 16, \"stride\": 8})" }
            } else {
                require(recipe.views.patchGrid == null) { "only ${patchMethods.joinToString(" and ")} cut a patch grid; method \"${recipe.method}\" takes two views" }
            }
        }
        at("head") {
            require(recipe.method !in patchMethods || recipe.head == HeadSpec()) {
                "CPC has no projection head (its codes are loss.codeSize wide); leave head out"
            }
        }
        at("runtime.device") { Devices.checkName(recipe.runtime.device) }
        at("runtime.precision") {
            require(recipe.runtime.precision in setOf("float32", "mixed")) { "expected float32 or mixed, got \"${recipe.runtime.precision}\"" }
        }
        encoder(recipe.encoder)
        optimizer(recipe.optimizer)
    }

    private fun positive(field: String, v: Int) = require(v >= 1) { "$field must be >= 1, got $v" }

    private fun <T> at(path: String, block: () -> T): T = try {
        block()
    } catch (e: RecipeException) {
        throw e
    } catch (e: IllegalArgumentException) {
        throw RecipeException("$path: ${e.message}")
    }
}
